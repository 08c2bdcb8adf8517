"""umqtt.robust: umqtt.simple's client that reconnects by itself (micropython-lib's
umqtt.robust, frozen into the MicroPython 1.23 ESP32 firmware).

When publish(), wait_msg() or check_msg() meet an OSError (the connection dropped), the
client logs it, reconnects with connect(False) - retrying every DELAY seconds until the
broker answers - and tries again.  Subscriptions survive only if the broker kept the
session, so connect the first time with clean_session=False.  check_msg() gives up (returns
None) after ``attempts`` tries.  Set DEBUG to print what goes wrong; override delay() or
log() to change the waiting or the printing.
"""

import time
from . import simple


class MQTTClient(simple.MQTTClient):
    DELAY = 2
    DEBUG = False

    def delay(self, i):
        """Wait before reconnect attempt number i."""
        time.sleep(self.DELAY)

    def log(self, in_reconnect, e):
        if self.DEBUG:
            if in_reconnect:
                print('mqtt reconnect: %r' % e)
            else:
                print('mqtt: %r' % e)

    def reconnect(self):
        """connect(False) until it works; return its session-present flag."""
        attempt = 0
        while True:
            try:
                return self.connect(False)
            except OSError as e:
                self.log(True, e)
                attempt += 1
                self.delay(attempt)

    def _retrying(self, action, *args):
        """action(*args), reconnecting and calling it again for as long as it meets OSError."""
        while True:
            try:
                return action(*args)
            except OSError as e:
                self.log(False, e)
            self.reconnect()

    def publish(self, topic, msg, retain=False, qos=0):
        return self._retrying(super().publish, topic, msg, retain, qos)

    def wait_msg(self):
        return self._retrying(super().wait_msg)

    def check_msg(self, attempts=2):
        """simple's check_msg(), reconnecting on OSError; None after ``attempts`` tries."""
        while attempts:
            self.sock.setblocking(False)
            try:
                return super().wait_msg()
            except OSError as e:
                self.log(False, e)
            self.reconnect()
            attempts -= 1
