// Terakoya test fixture: py/mphal.h declares the rest.
#include "shared/runtime/interrupt_char.h"

// The sdist has no extmod/ (so no extmod/virtpin.h, which py/mphal.h includes otherwise).
#define mp_hal_pin_obj_t void *
