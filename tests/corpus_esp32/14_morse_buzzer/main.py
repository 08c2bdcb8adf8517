# Morse code on a buzzer: type a word and the buzzer plays it (a dot is 100 ms).
from machine import Pin, PWM
import time

MORSE = {"A": ".-", "B": "-...", "C": "-.-.", "D": "-..", "E": ".", "H": "....",
         "I": "..", "K": "-.-", "L": ".-..", "M": "--", "N": "-.", "O": "---",
         "R": ".-.", "S": "...", "T": "-", "U": "..-", "Y": "-.--"}
DOT = 100
buzzer = PWM(Pin(21), freq=700, duty_u16=0)


def beep(length):
    buzzer.duty_u16(32768)
    time.sleep_ms(length)
    buzzer.duty_u16(0)
    time.sleep_ms(DOT)


def play(word):
    code = []
    for letter in word.upper():
        signs = MORSE.get(letter, "")
        for sign in signs:
            beep(DOT if sign == "." else 3 * DOT)
        time.sleep_ms(2 * DOT)
        code.append(signs)
    return " ".join(code)


start = time.ticks_ms()
print("SOS:", play("sos"))
print("took", time.ticks_diff(time.ticks_ms(), start) // 100 * 100, "ms")
print("word? ", end="")
word = input()
print(word, "=", play(word))
buzzer.deinit()
