# Choose with two switches (S08, starter) / ふたつのスイッチでえらぼう
# A choice board for AAC practice (AAC: ways to say things besides speech).
# Now: button A shows the next choice, button B writes the chosen word on the computer.
# Your job (see your steps): big switches on pin 0 (next) and pin 2 (choose), one step per
#      press however long it is held, a tune for each choice, and a clear "chosen!".
from microbit import *
import music

# picture, word (Japanese / English), the choice's own tune
CHOICES = [
    (Image("00900:00900:99999:00900:00900"), "もっと / more", ["C5:2", "E5:2"]),
    (Image("99999:90009:90009:90009:99999"), "おわり / finished", ["E5:2", "C5:2"]),
    (Image.HEART, "すき / I like it", ["G4:2", "G5:2"]),
    (Image.NO, "いや / I don't like it", ["C4:2", "C4:2"]),
]

now = 0               # the choice the board is on

display.show(CHOICES[now][0])
while True:
    if button_a.was_pressed():
        now = (now + 1) % len(CHOICES)
        display.show(CHOICES[now][0])
    if button_b.was_pressed():
        print("chosen:", CHOICES[now][1])
    sleep(20)
