// time (utime on the micro:bit), and the board's clock.
//
// The board keeps its own clock: every answer from the host carries the board's time, and
// the opcodes run since then add OP_NS each, exactly as the host charges them.  Reading the
// time therefore needs no request; only waiting does (the host's clock must move on).

#include "py/runtime.h"
#include "py/smallint.h"
#include "py/mphal.h"
#include "hostlink.h"
#if defined(TERAKOYA_BOARD_ESP32)
#include "shared/timeutils/timeutils.h"
#endif

#define TICKS_PERIOD (TK_TICKS_PERIOD)
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
// The firmware's delay loop handles pending work on every tick, so callbacks that came
// together all run before it waits again (the core runs at most one Python callback per
// mp_handle_pending since 1.20): here they all run before the next wait.
static void wait_us(mp_obj_t us) {
    for (;;) {
        us = tk_call(TK_SYSTEM_HANDLE, TK_SYS_WAIT, TK_CALL, 1, &us, NULL);
        mp_handle_pending(true);
        #if MICROPY_ENABLE_SCHEDULER
        for (int i = 0; i < MICROPY_SCHEDULER_DEPTH && MP_STATE_VM(sched_state) ==
             MP_SCHED_PENDING; i++) {
            mp_handle_pending(true);
        }
        #endif
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
    #if TK_CORE_AT_LEAST(1, 23)
    // 1.23 refuses a step that ticks_diff could not measure back (half a period or more)
    if (delta + TICKS_HALF - 1 >= TICKS_PERIOD - 1) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("ticks interval overflow"));
    }
    #endif
    return MP_OBJ_NEW_SMALL_INT((ticks + delta) & (TICKS_PERIOD - 1));
}
STATIC MP_DEFINE_CONST_FUN_OBJ_2(time_ticks_add_obj, time_ticks_add);

#if defined(TERAKOYA_BOARD_ESP32)
// The ESP32's RTC: from 2000-01-01 00:00:00 at power-on (no network time here), with
// MicroPython's epoch of 2000 as on the ESP32 port; it keeps counting through resets and
// machine.RTC().datetime(...) sets it (the host keeps its offset from the board's uptime).
static uint64_t rtc_us(void) {
    // (seconds, microseconds): a 32-bit small int cannot hold the offset in µs
    mp_obj_t offset = tk_call(TK_SYSTEM_HANDLE, TK_SYS_CLOCK, TK_CALL, 0, NULL, NULL);
    mp_obj_t *parts;
    mp_obj_get_array_fixed_n(offset, 2, &parts);
    int64_t us = (int64_t)mp_obj_get_int(parts[0]) * 1000000 + mp_obj_get_int(parts[1]);
    return (uint64_t)((int64_t)now_us() + us);
}

STATIC mp_obj_t time_time(void) {
    return mp_obj_new_int_from_ull(rtc_us() / 1000000);
}
STATIC MP_DEFINE_CONST_FUN_OBJ_0(time_time_obj, time_time);

STATIC mp_obj_t time_time_ns(void) {
    return mp_obj_new_int_from_ull(rtc_us() * 1000);
}
STATIC MP_DEFINE_CONST_FUN_OBJ_0(time_time_ns_obj, time_time_ns);

// localtime([secs]) and gmtime([secs]): the same on the board (it keeps no time zone)
STATIC mp_obj_t time_localtime(size_t n_args, const mp_obj_t *args) {
    mp_int_t seconds = n_args == 0 || args[0] == mp_const_none ?
        (mp_int_t)(rtc_us() / 1000000) : mp_obj_get_int(args[0]);
    timeutils_struct_time_t tm;
    timeutils_seconds_since_epoch_to_struct_time(seconds, &tm);
    mp_obj_t items[8] = {
        mp_obj_new_int(tm.tm_year), MP_OBJ_NEW_SMALL_INT(tm.tm_mon),
        MP_OBJ_NEW_SMALL_INT(tm.tm_mday), MP_OBJ_NEW_SMALL_INT(tm.tm_hour),
        MP_OBJ_NEW_SMALL_INT(tm.tm_min), MP_OBJ_NEW_SMALL_INT(tm.tm_sec),
        MP_OBJ_NEW_SMALL_INT(tm.tm_wday), MP_OBJ_NEW_SMALL_INT(tm.tm_yday),
    };
    return mp_obj_new_tuple(8, items);
}
STATIC MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(time_localtime_obj, 0, 1, time_localtime);

STATIC mp_obj_t time_mktime(mp_obj_t tuple) {
    size_t len;
    mp_obj_t *elem;
    mp_obj_get_array(tuple, &len, &elem);
    if (len < 8 || len > 9) {
        mp_raise_TypeError(MP_ERROR_TEXT("mktime needs a tuple of length 8 or 9"));
    }
    return mp_obj_new_int_from_ull(timeutils_mktime(mp_obj_get_int(elem[0]),
        mp_obj_get_int(elem[1]), mp_obj_get_int(elem[2]), mp_obj_get_int(elem[3]),
        mp_obj_get_int(elem[4]), mp_obj_get_int(elem[5])));
}
STATIC MP_DEFINE_CONST_FUN_OBJ_1(time_mktime_obj, time_mktime);

#define TK_TIME_NAME MP_QSTR_time
#define TK_TIME_ESP32_ENTRIES \
    { MP_ROM_QSTR(MP_QSTR_time), MP_ROM_PTR(&time_time_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_time_ns), MP_ROM_PTR(&time_time_ns_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_gmtime), MP_ROM_PTR(&time_localtime_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_localtime), MP_ROM_PTR(&time_localtime_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_mktime), MP_ROM_PTR(&time_mktime_obj) },
#else
#define TK_TIME_NAME MP_QSTR_utime
#define TK_TIME_ESP32_ENTRIES
#endif

STATIC const mp_rom_map_elem_t time_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(TK_TIME_NAME) },
    TK_TIME_ESP32_ENTRIES
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
#if defined(TERAKOYA_BOARD_ESP32)
MP_REGISTER_EXTENSIBLE_MODULE(MP_QSTR_time, tk_utime_module);
#endif

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
