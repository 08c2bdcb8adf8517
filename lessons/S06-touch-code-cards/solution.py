# Code cards you can feel (S06) / さわってならべるコードカード
# Each card has a resistor. In the card reader, pin 1 reads a number (0-1023) that tells
# which card it is: do (ド), mi (ミ), so (ソ) or "repeat" (くりかえし).
#   Put a card in: you hear its note, and it joins the song.
#   An unknown card (or a card not pushed in well): "もう一度" (once more) - it is not added.
#   Button B: play the whole song, in the order of the cards.
#   Button A: start again (an empty song).
from microbit import *
import music
import speech

# The reader: the card's resistor between 3V and pin 1, and 10 kOhm from pin 1 to GND.
CARDS = [(930, "do"),       # 1 kOhm
         (696, "mi"),       # 4.7 kOhm
         (409, "so"),       # 15 kOhm
         (180, "repeat")]   # 47 kOhm
NEAR = 60          # a reading this close to a card's number is that card
EMPTY = 40         # below this: no card in the reader
MOST = 8           # how many cards a song can have

NOTES = {"do": "C4:4", "mi": "E4:4", "so": "G4:4"}
PICTURES = {"do": Image("00000:00000:00000:00000:99999"),     # low
            "mi": Image("00000:00000:99999:00000:00000"),     # middle
            "so": Image("99999:00000:00000:00000:00000"),     # high
            "repeat": Image("09990:90009:90009:90099:09999")}  # round and back again
song = []


def card_in_reader():
    value = pin1.read_analog()
    if value < EMPTY:
        return None
    for number, name in CARDS:
        if abs(value - number) <= NEAR:
            return name
    return "unknown"


def steady_card():
    # the same answer three times in a row, so a card half pushed in is not read
    first = card_in_reader()
    for _ in range(2):
        sleep(50)
        if card_in_reader() != first:
            return "moving"
    return first


def play_one(name):
    display.show(PICTURES[name])
    music.play(NOTES[name])
    sleep(100)


def once_more():
    display.show("?")
    print("もう一度 (once more): push the card in again")
    music.play(["G3:2", "C3:4"])
    speech.pronounce("MOW IYCHIYDOW")      # "mō ichido", as near as the voice can say it


def add(name):
    if len(song) >= MOST:
        print("the song is full:", MOST, "cards")
        music.play(["C4:1", "C4:1"])
        return
    song.append(name)
    print("card", len(song), ":", name)
    if name == "repeat":
        display.show(PICTURES[name])
        music.play(["C5:1", "G4:1"])
    else:
        play_one(name)


def play_song():
    played = []
    for name in song:
        if name == "repeat":        # everything played so far, once more
            for again in list(played):
                play_one(again)
            played = played + played
        else:
            play_one(name)
            played.append(name)
    display.show(Image.HAPPY if song else Image.ASLEEP)


display.show(Image.ASLEEP)
waiting_for_empty = False
while True:
    card = steady_card()
    if card is None:
        waiting_for_empty = False          # the reader is empty: ready for the next card
    elif card != "moving" and not waiting_for_empty:
        waiting_for_empty = True           # one card is read once, however long it stays
        if card == "unknown":
            once_more()
        else:
            add(card)
    if button_b.was_pressed():
        play_song()
    if button_a.was_pressed():
        song = []
        print("a new song")
        display.show(Image.ASLEEP)
        music.play(["G4:1", "E4:1", "C4:2"])
    sleep(50)
