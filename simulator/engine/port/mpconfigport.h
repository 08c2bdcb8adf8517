// Terakoya's MicroPython port: one simulated board per OS process.
//
// The options follow the micro:bit V2 firmware v2.1.2 (micropython-microbit-v2,
// src/codal_port/mpconfigport.h) so that the core language behaves as on the board:
// single-precision floats, MPZ long ints, a 64 KB GC heap (main.c), the scheduler,
// KeyboardInterrupt, the REPL helpers.  What differs is only how the hardware is reached:
// every board operation is a request to the host over the process's pipes (hostlink.c).

#include <stdint.h>
#if defined(_WIN32)
#include <malloc.h>
#else
#include <alloca.h>
#endif

// Not set by the firmware: MicroPython 1.18's default level, core features, applies.
#define MICROPY_CONFIG_ROM_LEVEL                (MICROPY_CONFIG_ROM_LEVEL_CORE_FEATURES)

// -- as micropython-microbit-v2 v2.1.2 (commit 0697c6d5) sets them --------------------------
#define MICROPY_ALLOC_PATH_MAX                  (128)
#define MICROPY_ENABLE_GC                       (1)
#define MICROPY_STACK_CHECK                     (1)
#define MICROPY_KBD_EXCEPTION                   (1)
#define MICROPY_HELPER_REPL                     (1)
#define MICROPY_REPL_AUTO_INDENT                (1)
#define MICROPY_LONGINT_IMPL                    (MICROPY_LONGINT_IMPL_MPZ)
#define MICROPY_ENABLE_SOURCE_LINE              (1)
#define MICROPY_FLOAT_IMPL                      (MICROPY_FLOAT_IMPL_FLOAT)
#define MICROPY_STREAMS_NON_BLOCK               (1)
#define MICROPY_MODULE_BUILTIN_INIT             (1)
#define MICROPY_MODULE_WEAK_LINKS               (1)
#define MICROPY_USE_INTERNAL_ERRNO              (1)
#define MICROPY_ENABLE_SCHEDULER                (1)
#define MICROPY_PY_BUILTINS_STR_UNICODE         (1)
#define MICROPY_PY_BUILTINS_MEMORYVIEW          (1)
#define MICROPY_PY_BUILTINS_FROZENSET           (1)
#define MICROPY_PY_BUILTINS_INPUT               (1)
#define MICROPY_PY_BUILTINS_HELP                (1)
#define MICROPY_PY_BUILTINS_HELP_TEXT           terakoya_help_text
#define MICROPY_PY_BUILTINS_HELP_MODULES        (1)
#define MICROPY_PY___FILE__                     (0)
#define MICROPY_PY_MICROPYTHON_MEM_INFO         (1)
#define MICROPY_PY_COLLECTIONS_ORDEREDDICT      (1)
#define MICROPY_PY_IO                           (0)
#define MICROPY_PY_SYS_MAXSIZE                  (1)
#define MICROPY_PY_SYS_PLATFORM                 "microbit"
#define MICROPY_PY_UERRNO                       (1)
#define MICROPY_PY_UERRNO_LIST \
    X(EPERM) X(ENOENT) X(EIO) X(EBADF) X(EAGAIN) X(ENOMEM) X(EACCES) X(EEXIST) \
    X(ENODEV) X(EISDIR) X(EINVAL) X(ENOSPC) X(EOPNOTSUPP) X(ENOTCONN) X(ETIMEDOUT) \
    X(EALREADY) X(EINPROGRESS)
#define MICROPY_HW_BOARD_NAME                   "micro:bit v2.1.2"
#define MICROPY_HW_MCU_NAME                     "nRF52833"

// -- what this port needs, that the board does otherwise -----------------------------------
// Proxies of host objects tell the host when they are freed (a user class's __del__ is
// still never called: MicroPython 1.18 gives instances no finaliser).
#define MICROPY_ENABLE_FINALISER                (1)
// No machine code: the board's inline Thumb assembler cannot run on the host.
#define MICROPY_EMIT_INLINE_THUMB               (0)
#define MICROPY_PERSISTENT_CODE_LOAD            (0)
#define MICROPY_USE_INTERNAL_PRINTF             (0)
#define MICROPY_READER_POSIX                    (0)

// `open` is a builtin on the board (its flat filesystem); here it asks the host.
#define MICROPY_PORT_BUILTINS \
    { MP_ROM_QSTR(MP_QSTR_open), MP_ROM_PTR(&tk_builtin_open_obj) },

// The board's own modules (utime and urandom too): each is filled in by the host the first
// time it is imported.  The core adds gc, math, micropython, usys, array, ustruct,
// ucollections and uerrno itself, as on the board.
#define MICROPY_PORT_BUILTIN_MODULES \
    TK_HOST_MODULE_ENTRIES

#define MICROPY_PORT_ROOT_POINTERS \
    const char *readline_hist[8]; \
    mp_obj_t tk_board_refs; \
    mp_obj_t tk_radio_queue;

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

extern const char terakoya_help_text[];
extern const struct _mp_obj_fun_builtin_var_t tk_builtin_open_obj;

#include "tk_board.h"
