// utime (time), and the board's clock.
//
// The board keeps its own clock: every answer from the host carries the board's time, and
// the opcodes run since then add OP_NS each, exactly as the host charges them.  Reading the
// time therefore needs no request; only waiting does (the host's clock must move on).

#include "py/runtime.h"
#include "py/smallint.h"
#include "py/mphal.h"
#include "hostlink.h"

#define TICKS_PERIOD (MICROPY_PY_UTIME_TICKS_PERIOD)
#define TICKS_HALF (TICKS_PERIOD / 2)

uint64_t tk_time_ns;   // the board's time at the host's last answer
uint32_t tk_op_ns = 500;

static uint64_t now_us(void) {
    tk_flush_output();  // output still held here takes its time on the line first
    return (tk_time_ns + (uint64_t)tk_ops * tk_op_ns) / 1000;
}

mp_uint_t mp_hal_ticks_ms(void) {
    return (mp_uint_t)(now_us() / 1000);
}

mp_uint_t mp_hal_ticks_us(void) {
    return (mp_uint_t)now_us();
}

mp_uint_t mp_hal_ticks_cpu(void) {
    return 0;  // as the board: not measured
}

// Wait on the board's clock.  Scheduled callbacks and Ctrl-C still come meanwhile, and an
// error they leave pending is raised at once, as in the firmware's delay loop: the host
// answers early with the time still to wait when something comes for the board.
static void wait_us(mp_obj_t us) {
    for (;;) {
        us = tk_call(TK_SYSTEM_HANDLE, TK_SYS_WAIT, TK_CALL, 1, &us, NULL);
        mp_handle_pending(true);
        if (us == MP_OBJ_NEW_SMALL_INT(0)) {
            break;
        }
    }
}

void mp_hal_delay_us(mp_uint_t us) {
    if (us > 0) {
        wait_us(mp_obj_new_int_from_uint(us));
    }
}

void mp_hal_delay_ms(mp_uint_t ms) {
    if (ms > 0) {
        wait_us(mp_obj_new_int_from_ull((unsigned long long)ms * 1000));
    }
}

STATIC mp_obj_t time_sleep(mp_obj_t seconds) {
    mp_float_t s = mp_obj_get_float(seconds);
    if (s > 0) {
        mp_hal_delay_ms((mp_uint_t)(1000 * s));
    }
    return mp_const_none;
}
STATIC MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_obj, time_sleep);

static mp_obj_t sleep_for(mp_obj_t n_in, void (*delay)(mp_uint_t)) {
    mp_int_t n = mp_obj_get_int(n_in);
    if (n > 0) {
        delay(n);
    }
    return mp_const_none;
}

STATIC mp_obj_t time_sleep_ms(mp_obj_t ms) {
    return sleep_for(ms, mp_hal_delay_ms);
}
STATIC MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_ms_obj, time_sleep_ms);

STATIC mp_obj_t time_sleep_us(mp_obj_t us) {
    return sleep_for(us, mp_hal_delay_us);
}
STATIC MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_us_obj, time_sleep_us);

STATIC mp_obj_t time_ticks_ms(void) {
    return MP_OBJ_NEW_SMALL_INT(mp_hal_ticks_ms() & (TICKS_PERIOD - 1));
}
STATIC MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_ms_obj, time_ticks_ms);

STATIC mp_obj_t time_ticks_us(void) {
    return MP_OBJ_NEW_SMALL_INT(mp_hal_ticks_us() & (TICKS_PERIOD - 1));
}
STATIC MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_us_obj, time_ticks_us);

STATIC mp_obj_t time_ticks_cpu(void) {
    return MP_OBJ_NEW_SMALL_INT(mp_hal_ticks_cpu() & (TICKS_PERIOD - 1));
}
STATIC MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_cpu_obj, time_ticks_cpu);

STATIC mp_obj_t time_ticks_diff(mp_obj_t end_in, mp_obj_t start_in) {
    mp_uint_t start = MP_OBJ_SMALL_INT_VALUE(start_in);
    mp_uint_t end = MP_OBJ_SMALL_INT_VALUE(end_in);
    mp_int_t diff = ((end - start + TICKS_HALF) & (TICKS_PERIOD - 1)) - TICKS_HALF;
    return MP_OBJ_NEW_SMALL_INT(diff);
}
STATIC MP_DEFINE_CONST_FUN_OBJ_2(time_ticks_diff_obj, time_ticks_diff);

STATIC mp_obj_t time_ticks_add(mp_obj_t ticks_in, mp_obj_t delta_in) {
    mp_uint_t ticks = MP_OBJ_SMALL_INT_VALUE(ticks_in);
    mp_uint_t delta = mp_obj_get_int(delta_in);
    return MP_OBJ_NEW_SMALL_INT((ticks + delta) & (TICKS_PERIOD - 1));
}
STATIC MP_DEFINE_CONST_FUN_OBJ_2(time_ticks_add_obj, time_ticks_add);

STATIC const mp_rom_map_elem_t time_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_utime) },
    { MP_ROM_QSTR(MP_QSTR_sleep), MP_ROM_PTR(&time_sleep_obj) },
    { MP_ROM_QSTR(MP_QSTR_sleep_ms), MP_ROM_PTR(&time_sleep_ms_obj) },
    { MP_ROM_QSTR(MP_QSTR_sleep_us), MP_ROM_PTR(&time_sleep_us_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_ms), MP_ROM_PTR(&time_ticks_ms_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_us), MP_ROM_PTR(&time_ticks_us_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_cpu), MP_ROM_PTR(&time_ticks_cpu_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_add), MP_ROM_PTR(&time_ticks_add_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_diff), MP_ROM_PTR(&time_ticks_diff_obj) },
};
STATIC MP_DEFINE_CONST_DICT(time_module_globals, time_module_globals_table);

const mp_obj_module_t tk_utime_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&time_module_globals,
};

// microbit.sleep and microbit.running_time: the firmware's, on the board's own clock.
STATIC mp_obj_t microbit_sleep(mp_obj_t ms_in) {
    mp_int_t ms = mp_obj_is_integer(ms_in) ? mp_obj_get_int(ms_in) :
                  (mp_int_t)mp_obj_get_float(ms_in);
    if (ms > 0) {
        mp_hal_delay_ms(ms);
    }
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_1(tk_microbit_sleep_obj, microbit_sleep);

STATIC mp_obj_t microbit_running_time(void) {
    return mp_obj_new_int_from_uint(mp_hal_ticks_ms());
}
MP_DEFINE_CONST_FUN_OBJ_0(tk_microbit_running_time_obj, microbit_running_time);
