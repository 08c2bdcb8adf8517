// The board's hardware abstraction: serial in and out go to the host (hostlink.c).
#include "py/mpconfig.h"

void mp_hal_set_interrupt_char(int c);
mp_uint_t mp_hal_ticks_ms(void);
mp_uint_t mp_hal_ticks_us(void);
mp_uint_t mp_hal_ticks_cpu(void);
void mp_hal_delay_ms(mp_uint_t ms);
void mp_hal_delay_us(mp_uint_t us);

// Pins are the host's: the core's generic pin API is not used.
#define mp_hal_pin_obj_t void *
