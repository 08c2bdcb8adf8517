# A mistake on purpose: dividing by zero.
from microbit import *

cakes = 12
friends = 0
print("Each friend gets", cakes / friends, "cakes")
