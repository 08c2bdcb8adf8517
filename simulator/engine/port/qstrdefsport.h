// qstrs used by Terakoya's port that the core does not already have
Q(main.py)
Q(<stdin>)
Q(function)
Q(.frozen)

// the names of the board's own modules, as in its firmware's ROM
#if defined(TERAKOYA_BOARD_MICROBIT)
#include "qstrdefs_microbit.h"
#endif

#if defined(TERAKOYA_BOARD_ESP32)
Q(boot.py)
Q(/lib)
#endif
