# A washing machine as a state machine: IDLE -(start)-> FILL -> WASH -> SPIN -> DONE.
# The lid switch pauses it while open. States change on events and time, never on sleep().
from machine import Pin, PWM
import time

start_button = Pin(32, Pin.IN, Pin.PULL_UP)
lid_open = Pin(33, Pin.IN, Pin.PULL_UP)  # switch closes (reads 0) when the lid is shut
valve = Pin(26, Pin.OUT, value=0)
motor = PWM(Pin(27), freq=1000, duty=0)
DURATION = {"FILL": 1000, "WASH": 2000, "SPIN": 1500}
NEXT = {"FILL": "WASH", "WASH": "SPIN", "SPIN": "DONE"}
state = "IDLE"
entered = time.ticks_ms()
paused_at = None


def enter(new):
    global state, entered
    state = new
    entered = time.ticks_ms()
    valve.value(new == "FILL")
    motor.duty({"WASH": 400, "SPIN": 1023}.get(new, 0))
    print("state:", new)


while state != "DONE":
    now = time.ticks_ms()
    if state == "IDLE":
        if start_button.value() == 0:
            enter("FILL")
    elif lid_open.value() == 1:
        if paused_at is None:
            paused_at = now
            motor.duty(0)
            print("lid open: paused in", state)
    else:
        if paused_at is not None:
            entered = time.ticks_add(entered, time.ticks_diff(now, paused_at))
            paused_at = None
            enter_duty = {"WASH": 400, "SPIN": 1023}.get(state, 0)
            motor.duty(enter_duty)
            print("lid shut: going on with", state)
        elif time.ticks_diff(now, entered) >= DURATION[state]:
            enter(NEXT[state])
    time.sleep_ms(20)
print("washing done")
