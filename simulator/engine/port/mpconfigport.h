// Terakoya's MicroPython port: one simulated board per OS process.
//
// The options follow each board's own firmware (mpconfigboard_<board>.h) so that the core
// language behaves as on the board: the micro:bit V2 on MicroPython 1.18, the ESP32 on 1.23.
// What differs is only how the hardware is reached: every board operation is a request to
// the host over the process's pipes (hostlink.c).

#include <stdint.h>
#include <stddef.h>
#if defined(_WIN32)
#include <malloc.h>
#else
#include <alloca.h>
#endif

// The core's version (py/mpconfig.h defines it before it reads this file): where the port's
// C differs between the cores it is built against.
#define TK_CORE_AT_LEAST(major, minor) (MICROPY_VERSION_MAJOR > (major) || \
    (MICROPY_VERSION_MAJOR == (major) && MICROPY_VERSION_MINOR >= (minor)))

#if defined(TERAKOYA_BOARD_MICROBIT)
#include "mpconfigboard_microbit.h"
#elif defined(TERAKOYA_BOARD_ESP32)
#include "mpconfigboard_esp32.h"
#else
#error "Terakoya: build with -DTERAKOYA_BOARD_<NAME>=1 for a known board"
#endif

// -- what this port needs, that the board does otherwise -----------------------------------
// Proxies of host objects tell the host when they are freed (on 1.18 a user class's __del__
// is still never called: MicroPython 1.18 gives instances no finaliser).
#define MICROPY_ENABLE_FINALISER                (1)
// No machine code: the board's inline assembler and native emitters cannot run on the host.
#define MICROPY_EMIT_INLINE_THUMB               (0)
#define MICROPY_PERSISTENT_CODE_LOAD            (0)
#define MICROPY_USE_INTERNAL_PRINTF             (0)
#define MICROPY_READER_POSIX                    (0)

// `open` is a builtin on the board (its filesystem); here it asks the host.  With the io
// module (the ESP32's ROM level), the core lists open itself, as io.open too.
#if MICROPY_PY_IO
#define mp_builtin_open_obj tk_builtin_open_obj
#else
#define MICROPY_PORT_BUILTINS \
    { MP_ROM_QSTR(MP_QSTR_open), MP_ROM_PTR(&tk_builtin_open_obj) },
#endif

// Counting the program's work (hostlink.c): every opcode and every step of a C-level
// iteration; once the budget the host gave is used, the board checks in (at the top of
// an opcode, where the VM's state is consistent: the check only talks to the host and
// queues what it brings, to be run at the next pending-exception check as on the board).
extern uint32_t tk_ops;
extern uint32_t tk_budget;
void tk_sync(void);
#define MICROPY_VM_HOOK_OPCODE if (++tk_ops >= tk_budget) { tk_sync(); }
#define MICROPY_ITERNEXT_HOOK if (++tk_ops >= tk_budget) { tk_sync(); }

#define MP_SSIZE_MAX (0x7fffffff)
#define MP_STATE_PORT MP_STATE_VM

typedef intptr_t mp_int_t;
typedef uintptr_t mp_uint_t;
typedef long mp_off_t;

#define MICROPY_MAKE_POINTER_CALLABLE(p) (p)
#define MP_PLAT_PRINT_STRN(str, len) mp_hal_stdout_tx_strn_cooked(str, len)

// Atomic sections: one thread, and host requests arrive only when asked for.
#define MICROPY_BEGIN_ATOMIC_SECTION() (0)
#define MICROPY_END_ATOMIC_SECTION(state) (void)(state)

// The newer cores dropped STATIC (1.23 writes static); the port keeps it for 1.18's sake.
#ifndef STATIC
#define STATIC static
#endif
// 1.18 knows no MP_REGISTER_ROOT_POINTER (its root pointers are MICROPY_PORT_ROOT_POINTERS).
#if !TK_CORE_AT_LEAST(1, 19)
#define MP_REGISTER_ROOT_POINTER(declaration)
#endif

extern const char terakoya_help_text[];
extern const struct _mp_obj_fun_builtin_var_t tk_builtin_open_obj;

#include "tk_board.h"
