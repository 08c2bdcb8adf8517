# Code cards you can feel (S06, starter) / さわってならべるコードカード
# Each card has a resistor. In the card reader, pin 1 reads a number (0-1023) that tells
# which card it is: do (ド), mi (ミ), so (ソ) or "repeat" (くりかえし).
# Now: put a card in and you hear its note.
# Your job (see your steps): remember the cards as a song, play it with B, the "repeat"
#      card, and "もう一度" (once more) for a card the reader does not know.
from microbit import *
import music

# The reader: the card's resistor between 3V and pin 1, and 10 kOhm from pin 1 to GND.
CARDS = [(930, "do"),       # 1 kOhm
         (696, "mi"),       # 4.7 kOhm
         (409, "so"),       # 15 kOhm
         (180, "repeat")]   # 47 kOhm
NEAR = 60          # a reading this close to a card's number is that card
EMPTY = 40         # below this: no card in the reader

NOTES = {"do": "C4:4", "mi": "E4:4", "so": "G4:4"}
PICTURES = {"do": Image("00000:00000:00000:00000:99999"),     # low
            "mi": Image("00000:00000:99999:00000:00000"),     # middle
            "so": Image("99999:00000:00000:00000:00000"),     # high
            "repeat": Image("09990:90009:90009:90099:09999")}  # round and back again


def card_in_reader():
    value = pin1.read_analog()
    if value < EMPTY:
        return None
    for number, name in CARDS:
        if abs(value - number) <= NEAR:
            return name
    return "unknown"


def play_one(name):
    display.show(PICTURES[name])
    music.play(NOTES[name])


display.show(Image.ASLEEP)
last = None
while True:
    card = card_in_reader()
    if card != last and card in NOTES:
        play_one(card)
    last = card
    sleep(50)
