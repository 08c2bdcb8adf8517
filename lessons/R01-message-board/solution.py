# Message board for the grandchildren (R01).
# Button A: the next message scrolls across, slowly.
# Button B: the next picture. Touch the logo: a short happy tune.
# Nothing happens by itself and nothing is timed: the board waits for you.
from microbit import *
import music

messages = ["GENKI?", "ARIGATO", "MATANE", "I LOVE YOU"]
flower = Image("09090:99999:09990:00900:00900")
pictures = [Image.HEART, Image.HAPPY, flower, Image.DUCK]

message_number = -1
picture_number = 0
display.show(pictures[picture_number])

while True:
    if button_a.was_pressed():
        message_number = (message_number + 1) % len(messages)
        print(messages[message_number])
        display.scroll(messages[message_number], delay=180)
        display.show(pictures[picture_number])
    if button_b.was_pressed():
        picture_number = (picture_number + 1) % len(pictures)
        print("picture", picture_number + 1)
        display.show(pictures[picture_number])
    if pin_logo.is_touched():
        music.play(music.BA_DING)
        while pin_logo.is_touched():  # one tune for each touch, however long the finger stays
            sleep(50)
    sleep(50)
