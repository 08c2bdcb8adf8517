"""The boards' own code (MicroPython, copied to the boards): firmware/README.md tells what each
file is. Installed as data of the ``terakoya.firmware`` package; nothing here runs on the host."""
