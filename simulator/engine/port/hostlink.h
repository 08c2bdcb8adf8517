// The board process's side of Terakoya's host link (see hostlink.c for the protocol).
#ifndef TERAKOYA_HOSTLINK_H
#define TERAKOYA_HOSTLINK_H

#include "py/obj.h"

// The host's system object (handle 1): its methods, by fixed index.
enum {
    TK_SYSTEM_HANDLE = 1,
    TK_SYS_WRITE = 0,     // write(bytes): serial output
    TK_SYS_STAT = 1,      // stat(name) -> 0 missing, 1 folder, 2 file
    TK_SYS_READ = 2,      // read(name, offset, size) -> bytes
    TK_SYS_GETC = 3,      // getc() -> the next byte typed, or -1: something else came first
    TK_SYS_OPEN = 4,      // open(name, mode) -> a file object
    TK_SYS_MODULE = 5,    // module(name) -> dict of the module's contents, or None
    TK_SYS_STARTED = 6,   // started() -> settings: (op_ns, repl, raw)
    TK_SYS_WAIT = 7,      // wait(us) -> us still to wait (0: done; more: something came)
    TK_SYS_INTERRUPT_CHAR = 8,  // set_interrupt_char(c): Ctrl-C (3) is KeyboardInterrupt now, or -1
    TK_SYS_SHOW_ERROR = 9,  // show_error(info): the sad face and the scrolled error
    TK_SYS_CLOCK = 10,    // clock() -> (s, µs) to add to the board's uptime for its real-time clock
};

enum { TK_CALL = 0, TK_GET = 1, TK_SET = 2 };
#define TK_NO_ATTR (0xffff)

// how a program ended (the 'x' message)
enum { TK_END_OK = 0, TK_END_ERROR = 1, TK_END_EXIT = 2, TK_END_INTERRUPT = 3,
       TK_END_SOFT_RESET = 4 };

mp_obj_t tk_call(uint32_t handle, uint16_t attr, uint8_t mode, size_t n_args,
    const mp_obj_t *args, mp_map_t *kw);
void tk_flush_output(void);
void tk_release_handle(uint32_t handle);
NORETURN void tk_exit(uint8_t reason, mp_obj_t info);
void tk_write_raw(const char *data, size_t len);
NORETURN void tk_die(int code);

// hostobj.c
mp_obj_t tk_proxy_for(uint32_t handle, uint32_t class_id);
mp_obj_t tk_proxy_existing(uint32_t handle);
bool tk_proxy_handle(mp_obj_t obj, uint32_t *handle);
void *tk_arena_alloc(size_t size);
void tk_arena_roots(void);
typedef struct _tk_reader_t tk_reader_t;
mp_obj_t tk_type_for(uint32_t class_id);
bool tk_type_known(uint32_t class_id);
void tk_type_begin(uint32_t class_id, qstr name, size_t n_attrs);
void tk_type_attr(uint32_t class_id, qstr name, char kind, uint16_t index, mp_obj_t value);
void tk_type_end(uint32_t class_id, uint32_t ctor_handle);
extern bool tk_in_gc;
// modradio.c: the board's copy of its radio's receive queue
void tk_radio_state(bool on);
void tk_radio_push(mp_obj_t packet);
uint32_t tk_radio_taken(void);
void tk_radio_untake(uint32_t n);
extern const struct _mp_obj_fun_builtin_fixed_t tk_radio_receive_obj;
extern const struct _mp_obj_fun_builtin_fixed_t tk_radio_receive_bytes_obj;
extern const struct _mp_obj_fun_builtin_fixed_t tk_radio_receive_bytes_into_obj;
extern const struct _mp_obj_fun_builtin_fixed_t tk_radio_receive_full_obj;
extern uint64_t tk_time_ns;
extern uint32_t tk_op_ns;
extern uint32_t tk_ops;
extern const struct _mp_obj_fun_builtin_fixed_t tk_microbit_sleep_obj;
extern const struct _mp_obj_fun_builtin_fixed_t tk_microbit_running_time_obj;
extern const mp_obj_base_t tk_not_implemented_obj;
extern bool tk_stopping;

#endif
