// Terakoya's board process: MicroPython's core, a 64 KB heap as on the board, and nothing
// else.  It cannot open files, sockets or programs: on Linux it locks itself into seccomp's
// strict mode (read and write on the pipes it was given, and exit) before any of the
// student's code runs; everything a board does is a request to the host (hostlink.c).

#define _GNU_SOURCE
#include <setjmp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#endif
#if defined(__linux__)
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <signal.h>
#endif

#include "py/builtin.h"
#include "py/compile.h"
#include "py/gc.h"
#include "py/lexer.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/objexcept.h"
#include "py/reader.h"
#include "py/runtime.h"
#include "py/stackctrl.h"
#include "py/stream.h"
#include "shared/readline/readline.h"
#include "shared/runtime/pyexec.h"
#include "hostlink.h"

#if defined(TERAKOYA_BOARD_MICROBIT)
// The firmware's heap is a static 64 KB array without a finaliser table: a 64512-byte pool.
// This port keeps a finaliser table (for proxies of host objects), so its array is larger by
// that table, for the same pool: gc.mem_free() + gc.mem_alloc() is the board's.
#define HEAP_SIZE (66032)
// The firmware's mp_stack_set_limit is 8 KB - 512 on a Cortex-M4, where a Python call takes
// about two thirds of the stack it takes in this x86 build: the limit is scaled so that a
// recursive function reaches about the same depth.
#define STACK_LIMIT ((8 * 1024 - 512) * 3 / 2)
#else
// The ESP32 port's first heap area is MICROPY_GC_INITIAL_HEAP_SIZE, 56 KB on the plain ESP32
// (ports/esp32/mpconfigport.h, v1.22 and later): micropython.mem_info() shows "GC: total:
// 56000" at its REPL.  The heap then grows on demand by another area, as large as the chip's
// free RAM allows: a fresh ESP32_GENERIC (no PSRAM) on 1.23 reports "max new split: 57344",
// and gc.mem_free() counts that in, so it shows about 111000 at a fresh REPL (54048 free +
// 57344; figures from micropython.mem_info() on such a board, as published in MicroPython's
// issue tracker and users' notes; the finaliser table is the firmware's too).  HEAP_GROWTH
// is that one further area (main.c hands it to the core through MP_PLAT_ALLOC_HEAP).
#define HEAP_SIZE (56 * 1024)
#define HEAP_GROWTH (56 * 1024)
// The ESP32 port's MicroPython task has a 16 KB stack, with a 1 KB margin below its limit.
#define STACK_LIMIT (16 * 1024 - 1024)
#endif
#define READ_CHUNK (128)

static char heap[HEAP_SIZE] __attribute__((aligned(16)));

#if defined(TERAKOYA_BOARD_MICROBIT)
// help() with no argument. The firmware prints its own welcome here; this is Terakoya's,
// in its own words, with the same use: what to try, and how to find out more.
const char terakoya_help_text[] =
    "This is MicroPython on a micro:bit (simulated by Terakoya).\n"
    "\n"
    "Things to try at the >>> prompt:\n"
    "  display.scroll('Hi!')\n"
    "  display.show(Image.HAPPY)\n"
    "  button_a.is_pressed()\n"
    "  temperature()\n"
    "\n"
    "help(thing) tells you about a thing, dir(thing) lists what it has, and\n"
    "help('modules') lists the modules you can import.\n"
    "\n"
    "Keys: Ctrl-C stops a program, Ctrl-D on an empty line restarts the board,\n"
    "Ctrl-E pastes code without auto-indent, the up arrow brings back a line.\n"
    "\n"
    "The micro:bit's MicroPython: https://microbit-micropython.readthedocs.io/\n";
#else
const char terakoya_help_text[] =
    "This is MicroPython on an ESP32 board (simulated by Terakoya).\n"
    "\n"
    "Things to try at the >>> prompt:\n"
    "  from machine import Pin\n"
    "  led = Pin(2, Pin.OUT)\n"
    "  led.on()\n"
    "  import time; time.sleep(1)\n"
    "\n"
    "help(thing) tells you about a thing, dir(thing) lists what it has, and\n"
    "help('modules') lists the modules you can import.\n"
    "\n"
    "Keys: Ctrl-C stops a program, Ctrl-D on an empty line restarts the board\n"
    "(boot.py, then main.py), Ctrl-E pastes code without auto-indent, Ctrl-A is the\n"
    "raw REPL that tools use, the up arrow brings back a line.\n"
    "\n"
    "MicroPython for the ESP32: https://docs.micropython.org/en/latest/esp32/quickref.html\n";

// The heap's one further area (see HEAP_SIZE): the core asks for it when the first is full,
// and gives it back when a collection leaves it empty.
static char heap_growth[HEAP_GROWTH] __attribute__((aligned(16)));
static bool heap_grown;

void *tk_heap_alloc(size_t size) {
    if (heap_grown || size > HEAP_GROWTH) {
        return NULL;
    }
    heap_grown = true;
    return heap_growth;
}

void tk_heap_free(void *area) {
    if (area == heap_growth) {
        heap_grown = false;
    }
}

size_t gc_get_max_new_split(void) {
    return heap_grown ? 0 : HEAP_GROWTH;
}
#endif

NORETURN void tk_die(int code) {
    #if defined(__linux__)
    syscall(SYS_exit, code);  // the sandbox allows exit, not exit_group
    for (;;) {
    }
    #else
    _exit(code);
    #endif
}

#if defined(__linux__)
// Only these system calls: read and write (on the pipes the process was given) and exit.
// Anything else ends the process.  The filter asks the kernel not to slow the process's
// speculative execution down (SPEC_ALLOW): that protection costs a pipe's round trip ten
// microseconds here, and a board process holds no secret worth it.
#if defined(__i386__)
#define TK_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined(__x86_64__)
#define TK_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TK_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__arm__)
#define TK_AUDIT_ARCH AUDIT_ARCH_ARM
#endif
#define TK_ALLOW(nr) \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

static bool filter_syscalls(void) {
    #if defined(TK_AUDIT_ARCH)
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TK_AUDIT_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        TK_ALLOW(SYS_read),
        TK_ALLOW(SYS_write),
        TK_ALLOW(SYS_exit),
        TK_ALLOW(SYS_exit_group),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    };
    struct sock_fprog program = {sizeof(filter) / sizeof(filter[0]), filter};
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_SPEC_ALLOW,
        &program) == 0;
    #else
    return false;
    #endif
}
#endif

static void lock_down(void) {
    #if defined(__linux__)
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    // the host gone (killed, crashed): the board goes with it, even in a busy loop (the
    // signal comes when the host's thread that started it ends, which is when it is done)
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    // where the kernel has no such filters, its strict mode: the same four calls
    if (!filter_syscalls() && prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0) != 0) {
        static const char msg[] = "terakoya board: cannot enter the sandbox\n";
        (void)!write(2, msg, sizeof(msg) - 1);
        tk_die(6);
    }
    #endif
}

// -- the HAL ------------------------------------------------------------------------------
#if TK_CORE_AT_LEAST(1, 22)
mp_uint_t mp_hal_stdout_tx_strn(const char *str, size_t len) {
    tk_write_raw(str, len);
    return len;
}

// sys.stdin/stdout (1.23's ROM level has them): output is always ready; input is the host's
uintptr_t mp_hal_stdio_poll(uintptr_t poll_flags) {
    return poll_flags & MP_STREAM_POLL_WR;
}
#else
void mp_hal_stdout_tx_strn(const char *str, size_t len) {
    tk_write_raw(str, len);
}
#endif

void mp_hal_stdout_tx_strn_cooked(const char *str, size_t len) {
    tk_write_raw(str, len);
}

void mp_hal_stdout_tx_str(const char *str) {
    tk_write_raw(str, strlen(str));
}

// As the firmware's: while waiting for a key, scheduled callbacks and Ctrl-C come through.
int mp_hal_stdin_rx_chr(void) {
    for (;;) {
        int c = mp_obj_get_int(tk_call(TK_SYSTEM_HANDLE, TK_SYS_GETC, TK_CALL, 0, NULL, NULL));
        mp_handle_pending(true);
        if (c >= 0) {
            return c;
        }
    }
}

// Ctrl-C on the serial line is the host's to see (it owns the line): it is told whether the
// board wants it as KeyboardInterrupt now (while code runs) or as a key (at the REPL).
static int interrupt_char = -1;

void mp_hal_set_interrupt_char(int c) {
    if (c != interrupt_char) {
        interrupt_char = c;
        mp_obj_t arg = MP_OBJ_NEW_SMALL_INT(c);
        tk_call(TK_SYSTEM_HANDLE, TK_SYS_INTERRUPT_CHAR, TK_CALL, 1, &arg, NULL);
    }
}

// -- files, from the host's model of the board's flat filesystem ---------------------------
typedef struct {
    mp_obj_t name;
    uint32_t offset;
    size_t len, pos;
    bool eof;
    byte buf[READ_CHUNK];
} file_reader_t;

STATIC mp_uint_t reader_readbyte(void *data) {
    file_reader_t *reader = data;
    if (reader->pos == reader->len) {
        if (reader->eof) {
            return MP_READER_EOF;
        }
        mp_obj_t args[3] = {reader->name, mp_obj_new_int(reader->offset),
                            MP_OBJ_NEW_SMALL_INT(READ_CHUNK)};
        mp_obj_t chunk = tk_call(TK_SYSTEM_HANDLE, TK_SYS_READ, TK_CALL, 3, args, NULL);
        size_t len;
        const char *data = mp_obj_str_get_data(chunk, &len);
        len = len > READ_CHUNK ? READ_CHUNK : len;
        memcpy(reader->buf, data, len);
        reader->len = len;
        reader->pos = 0;
        reader->offset += len;
        reader->eof = len < READ_CHUNK;
        if (len == 0) {
            return MP_READER_EOF;
        }
    }
    return reader->buf[reader->pos++];
}

STATIC void reader_close(void *data) {
    m_del_obj(file_reader_t, data);
}

#if TK_CORE_AT_LEAST(1, 20)
mp_lexer_t *mp_lexer_new_from_file(qstr source_name) {
    const char *filename = qstr_str(source_name);
#else
mp_lexer_t *mp_lexer_new_from_file(const char *filename) {
#endif
    mp_obj_t name = mp_obj_new_str(filename, strlen(filename));
    if (mp_import_stat(filename) != MP_IMPORT_STAT_FILE) {
        mp_raise_OSError(MP_ENOENT);
    }
    file_reader_t *reader = m_new_obj(file_reader_t);
    memset(reader, 0, sizeof(*reader));
    reader->name = name;
    mp_reader_t r = {reader, reader_readbyte, reader_close};
    return mp_lexer_new(qstr_from_str(filename), r);
}

mp_import_stat_t mp_import_stat(const char *path) {
    mp_obj_t name = mp_obj_new_str(path, strlen(path));
    mp_int_t kind = mp_obj_get_int(tk_call(TK_SYSTEM_HANDLE, TK_SYS_STAT, TK_CALL, 1, &name,
        NULL));
    return kind == 2 ? MP_IMPORT_STAT_FILE : kind == 1 ? MP_IMPORT_STAT_DIR :
           MP_IMPORT_STAT_NO_EXIST;
}

// -- memory -------------------------------------------------------------------------------
// A collection of the whole 64 KB heap (mark and sweep over its 4032 blocks) takes the
// board's processor about a millisecond (an estimate): it is charged as that many opcodes.
#define GC_COST_OPS (2000)

void gc_collect(void) {
    jmp_buf regs;
    tk_ops += GC_COST_OPS;
    gc_collect_start();
    setjmp(regs);  // the registers' values are now on the stack, which is scanned
    void **sp = (void **)&regs;
    gc_collect_root(sp, ((uintptr_t)MP_STATE_THREAD(stack_top) - (uintptr_t)sp) / sizeof(void *));
    tk_arena_roots();
    tk_in_gc = true;
    gc_collect_end();
    tk_in_gc = false;
}

void nlr_jump_fail(void *val) {
    (void)val;
    static const char msg[] = "terakoya board: fatal error in the core\n";
    (void)!write(2, msg, sizeof(msg) - 1);
    tk_die(5);
}

// -- running main.py ----------------------------------------------------------------------
static bool is_interrupt(mp_obj_t exc) {
    return mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)),
        MP_OBJ_FROM_PTR(&mp_type_KeyboardInterrupt));
}

// What the host needs to say what went wrong: (type, message, line, file, native), the
// innermost place, as the board scrolls it.
static mp_obj_t error_info(mp_obj_t exc) {
    mp_obj_t info[5] = {
        MP_OBJ_NEW_QSTR(mp_obj_get_type(exc)->name), mp_const_none, MP_OBJ_NEW_SMALL_INT(-1),
        mp_const_none, mp_obj_new_bool(mp_obj_is_native_exception_instance(exc)),
    };
    size_t n;
    size_t *values;
    mp_obj_exception_get_traceback(exc, &n, &values);
    if (n >= 3) {
        info[3] = MP_OBJ_NEW_QSTR(values[0]);
        info[2] = MP_OBJ_NEW_SMALL_INT(values[1]);
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        vstr_t text;
        mp_print_t print;
        vstr_init_print(&text, 32, &print);
        mp_obj_print_helper(&print, exc, PRINT_STR);
        #if TK_CORE_AT_LEAST(1, 20)
        info[1] = mp_obj_new_str_from_vstr(&text);
        #else
        info[1] = mp_obj_new_str_from_vstr(&mp_type_str, &text);
        #endif
        nlr_pop();
    } else {
        info[1] = MP_OBJ_NEW_QSTR(MP_QSTR_);
    }
    return mp_obj_new_tuple(5, info);
}

// Whether the last script run ended with sys.exit() or machine.soft_reset().
static bool script_exited;
// machine.soft_reset() (the host raises SystemExit(TK_SOFT_RESET_MARK)): the firmware's
// pyexec_system_exit = PYEXEC_FORCED_EXIT, so the script's end is a soft reboot
#define TK_SOFT_RESET_MARK (0x50F7)
static bool script_forced;

static mp_lexer_t *lexer_for(const char *name) {
    #if TK_CORE_AT_LEAST(1, 20)
    return mp_lexer_new_from_file(qstr_from_str(name));
    #else
    return mp_lexer_new_from_file(name);
    #endif
}

// Run a script (main.py, boot.py) as the firmware does; NULL if it ended (or sys.exit()),
// else its error (the traceback already printed, except for a stop).
static mp_obj_t run_script(const char *name) {
    nlr_buf_t nlr;
    script_exited = false;
    script_forced = false;
    if (nlr_push(&nlr) == 0) {
        if (mp_import_stat(name) == MP_IMPORT_STAT_FILE) {
            mp_hal_set_interrupt_char(CHAR_CTRL_C);
            mp_lexer_t *lex = lexer_for(name);
            qstr source_name = lex->source_name;
            mp_parse_tree_t tree = mp_parse(lex, MP_PARSE_FILE_INPUT);
            mp_obj_t module_fun = mp_compile(&tree, source_name, false);
            mp_call_function_0(module_fun);
            mp_hal_set_interrupt_char(-1);
        }
        nlr_pop();
        return MP_OBJ_NULL;
    }
    mp_hal_set_interrupt_char(-1);
    mp_obj_t exc = MP_OBJ_FROM_PTR(nlr.ret_val);
    if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)),
        MP_OBJ_FROM_PTR(&mp_type_SystemExit))) {
        // sys.exit() ends quietly; an error from a timer arrives wrapped in SystemExit
        mp_obj_exception_t *wrapped = MP_OBJ_TO_PTR(exc);
        size_t n;
        mp_obj_t *args;
        mp_obj_tuple_get(wrapped->args, &n, &args);
        if (n != 2 || args[0] != mp_const_none || !mp_obj_is_exception_instance(args[1])) {
            script_exited = true;
            script_forced = n == 1 && args[0] == MP_OBJ_NEW_SMALL_INT(TK_SOFT_RESET_MARK);
            return MP_OBJ_NULL;
        }
        exc = args[1];
    }
    if (!(tk_stopping && is_interrupt(exc))) {
        if (nlr_push(&nlr) == 0) {
            mp_obj_print_exception(&mp_plat_print, exc);
            nlr_pop();
        }
    }
    return exc;
}

NORETURN static void end_run(mp_obj_t exc) {
    if (exc == MP_OBJ_NULL) {
        tk_exit(TK_END_OK, mp_const_none);
    }
    if (is_interrupt(exc) && tk_stopping) {
        tk_exit(TK_END_INTERRUPT, mp_const_none);
    }
    // The program is over: let its data go, so that even after a MemoryError there is
    // room to tell the host what happened.
    mp_globals_set((mp_obj_dict_t *)&mp_const_empty_dict_obj);
    mp_locals_set((mp_obj_dict_t *)&mp_const_empty_dict_obj);
    gc_collect();
    mp_obj_t info = mp_const_none;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        info = error_info(exc);
        nlr_pop();
    }
    tk_exit(is_interrupt(exc) ? TK_END_INTERRUPT : TK_END_ERROR, info);
}

// A board on a serial line (terakoya device): main.py, then the firmware's REPL, until a
// soft reset (Ctrl-D), which ends this process; the host starts the next one.
NORETURN static void soft_reboot(void) {
    mp_hal_stdout_tx_str("MPY: soft reboot\r\n");
    tk_exit(TK_END_SOFT_RESET, mp_obj_new_bool(pyexec_mode_kind == PYEXEC_MODE_RAW_REPL));
}

static void repl_loop(void) {
    for (;;) {
        if (pyexec_mode_kind == PYEXEC_MODE_RAW_REPL) {
            if (pyexec_raw_repl() != 0) {
                break;
            }
        } else if (pyexec_friendly_repl() != 0) {
            break;
        }
    }
}

#if defined(TERAKOYA_BOARD_ESP32)
// The ESP32 as its port's main.c (1.23): boot.py, then (unless the raw REPL was asked for)
// main.py, then the REPL; Ctrl-D at the REPL, or machine.soft_reset() in a script, is a soft
// reboot, which ends this process (the host starts the next one and says whether it is in
// the raw REPL). sys.exit() in main.py ends it quietly and the REPL comes next (1.23's
// pyexec returns pyexec_system_exit, 0, for SystemExit; from 1.24 it is a soft reboot).
// As in 1.22 and later (main.py runs only if pyexec_file_if_exists("boot.py") returned
// non-zero), a boot.py that ends with an error or with sys.exit() keeps main.py from
// running: the REPL comes next (firmware/esp32/boot.py's safe start relies on it).
NORETURN static void run_esp32(bool repl, bool raw) {
    pyexec_mode_kind = raw ? PYEXEC_MODE_RAW_REPL : PYEXEC_MODE_FRIENDLY_REPL;
    mp_obj_t exc = run_script("boot.py");
    if (exc != MP_OBJ_NULL && is_interrupt(exc) && tk_stopping) {
        end_run(exc);
    }
    if (script_forced) {
        soft_reboot();
    }
    bool boot_ok = exc == MP_OBJ_NULL && !script_exited;
    if (boot_ok && !raw) {
        exc = run_script("main.py");
        if (exc != MP_OBJ_NULL && is_interrupt(exc) && tk_stopping) {
            end_run(exc);
        }
        if (script_forced) {
            soft_reboot();
        }
        if (!repl) {
            end_run(exc);
        }
    } else if (!repl) {
        end_run(exc);
    }
    repl_loop();
    soft_reboot();
}
#endif

NORETURN static void run_with_repl(bool raw) {
    if (!raw) {
        mp_obj_t exc = run_script("main.py");
        if (exc != MP_OBJ_NULL && !is_interrupt(exc)) {
            // the sad face and the scrolled error, before the REPL comes
            nlr_buf_t nlr;
            if (nlr_push(&nlr) == 0) {
                mp_obj_t info = error_info(exc);
                tk_call(TK_SYSTEM_HANDLE, TK_SYS_SHOW_ERROR, TK_CALL, 1, &info, NULL);
                nlr_pop();
            }
        }
        if (mp_import_stat("main.py") != MP_IMPORT_STAT_FILE) {
            // as the firmware: with no main.py, the REPL starts with `from microbit import *`
            nlr_buf_t nlr;
            if (nlr_push(&nlr) == 0) {
                mp_import_all(mp_import_name(MP_QSTR_microbit, mp_const_none,
                    MP_OBJ_NEW_SMALL_INT(0)));
                nlr_pop();
            }
        }
    }
    pyexec_mode_kind = raw ? PYEXEC_MODE_RAW_REPL : PYEXEC_MODE_FRIENDLY_REPL;
    repl_loop();
    soft_reboot();
}

int main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    #if defined(_WIN32)
    _setmode(0, _O_BINARY);  // the pipes carry bytes, not text
    _setmode(1, _O_BINARY);
    #endif
    mp_stack_ctrl_init();
    mp_stack_set_limit(STACK_LIMIT);
    gc_init(heap, heap + HEAP_SIZE);
    mp_init();
    // as the firmware's: MicroPython 1.18 adds '.frozen' where modules are frozen in
    size_t n_path;
    mp_obj_t *path;
    mp_obj_list_get(mp_sys_path, &n_path, &path);
    if (n_path < 2) {
        mp_obj_list_append(mp_sys_path, MP_OBJ_NEW_QSTR(MP_QSTR__dot_frozen));
    }
    #if defined(TERAKOYA_BOARD_ESP32)
    mp_obj_list_append(mp_sys_path, MP_OBJ_NEW_QSTR(MP_QSTR__slash_lib));  // as the port's
    #endif
    MP_STATE_PORT(tk_board_refs) = mp_obj_new_list(0, NULL);
    lock_down();
    // settings: (virtual ns of an opcode, with a REPL after main.py, in the raw REPL)
    mp_obj_t *items = NULL;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t settings = tk_call(TK_SYSTEM_HANDLE, TK_SYS_STARTED, TK_CALL, 0, NULL, NULL);
        size_t n;
        mp_obj_tuple_get(settings, &n, &items);
        if (n < 3) {
            tk_die(7);
        }
        tk_op_ns = mp_obj_get_int(items[0]);
        nlr_pop();
    } else {
        tk_die(7);
    }
    #if defined(TERAKOYA_BOARD_ESP32)
    run_esp32(mp_obj_is_true(items[1]), mp_obj_is_true(items[2]));
    #else
    if (mp_obj_is_true(items[1])) {
        run_with_repl(mp_obj_is_true(items[2]));
    }
    end_run(run_script("main.py"));
    #endif
}
