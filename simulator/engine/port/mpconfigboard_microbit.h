// The micro:bit V2's configuration (MicroPython 1.18): included by mpconfigport.h.
//
// The options follow the micro:bit V2 firmware v2.1.2 (micropython-microbit-v2,
// src/codal_port/mpconfigport.h) so that the core language behaves as on the board.

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

// the board's modules' root pointers, and the readline history (MicroPython 1.18's way)
#define MICROPY_PORT_ROOT_POINTERS \
    const char *readline_hist[8]; \
    mp_obj_t tk_board_refs; \
    mp_obj_t tk_radio_queue;

// The board's own modules (utime and urandom too): each is filled in by the host the first
// time it is imported.  The core adds gc, math, micropython, usys, array, ustruct,
// ucollections and uerrno itself, as on the board.
#define MICROPY_PORT_BUILTIN_MODULES \
    TK_HOST_MODULE_ENTRIES

#define TK_TICKS_PERIOD (MICROPY_PY_UTIME_TICKS_PERIOD)
