"""ntptime: set the RTC from an NTP server (micropython-lib's frozen module).

Without a network the socket calls raise what the firmware's socket raises.
"""

from time import gmtime
import socket
import struct

host = 'pool.ntp.org'
timeout = 1


def time():
    """Seconds since the board's epoch (2000), as the NTP server tells it."""
    query = bytearray(48)
    query[0] = 0x1B
    addr = socket.getaddrinfo(host, 123)[0][-1]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.settimeout(timeout)
        s.sendto(query, addr)
        msg = s.recv(48)
    finally:
        s.close()
    val = struct.unpack('!I', msg[40:44])[0]
    if val < 3913056000:  # before 2024: the NTP era rolled over (2036)
        val += 0x100000000
    epoch = gmtime(0)[0]
    if epoch == 2000:
        delta = 3155673600
    elif epoch == 1970:
        delta = 2208988800
    else:
        raise Exception('Unsupported epoch: {}'.format(epoch))
    return val - delta


def settime():
    """Set the RTC to UTC from the server."""
    t = time()
    import machine
    tm = gmtime(t)
    machine.RTC().datetime((tm[0], tm[1], tm[2], tm[6] + 1, tm[3], tm[4], tm[5], 0))
