# Emoji messenger: A sends a happy face, B sends a sad face and a shake sends a heart
# to every friend in radio group 21. Faces that arrive are shown for two seconds.
from microbit import *
import radio

faces = {'happy': Image.HAPPY, 'sad': Image.SAD, 'heart': Image.HEART}
radio.config(group=21)
radio.on()
display.show(Image.DIAMOND_SMALL)

while True:
    sent = None
    if button_a.was_pressed():
        sent = 'happy'
    elif button_b.was_pressed():
        sent = 'sad'
    elif accelerometer.was_gesture('shake'):
        sent = 'heart'
    if sent:
        radio.send(sent)
        print('sent', sent)
    message = radio.receive()
    if message in faces:
        print('got', message)
        display.show(faces[message])
        sleep(2000)
        display.show(Image.DIAMOND_SMALL)
    sleep(20)
