// The ESP32's configuration (MicroPython 1.23.0): included by mpconfigport.h.
//
// The options follow MicroPython's ESP32 port for the ESP32_GENERIC board at v1.23.0
// (ports/esp32/mpconfigport.h, boards/ESP32_GENERIC/mpconfigboard.h, main.c), so that the
// core language behaves as on that firmware: the "extra features" ROM level, single-precision
// floats, MPZ long ints, normal error reporting, ESP-IDF's newlib errno numbers, a heap that
// starts at 56 KB and grows once, ticks that wrap at 2**30 and an RTC whose epoch is 2000.
// The hardware (machine, network, ...) is the host's, as for every board here.

#if !TK_CORE_AT_LEAST(1, 23)
#error "Terakoya: the ESP32 engine is built on MicroPython 1.23"
#endif

#define MICROPY_CONFIG_ROM_LEVEL                (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)

// -- as the ESP32 port sets them ------------------------------------------------------------
#define MICROPY_ALLOC_PATH_MAX                  (128)
// The port sets MICROPY_OPT_COMPUTED_GOTO, a speed-up of the VM's dispatch that changes
// nothing a program sees. Here it stays off: with it, opcodes are dispatched past the one
// place where the engine counts them (the hook at the VM's switch, build.py's SOURCE_EDITS),
// and a loop of bytecode alone would never let the board's time pass, nor see a stop.
#define MICROPY_OPT_COMPUTED_GOTO               (0)
#define MICROPY_ENABLE_GC                       (1)
#define MICROPY_ENABLE_EMERGENCY_EXCEPTION_BUF  (1)
#define MICROPY_LONGINT_IMPL                    (MICROPY_LONGINT_IMPL_MPZ)
#define MICROPY_ERROR_REPORTING                 (MICROPY_ERROR_REPORTING_NORMAL)
#define MICROPY_WARNINGS                        (1)
#define MICROPY_FLOAT_IMPL                      (MICROPY_FLOAT_IMPL_FLOAT)
#define MICROPY_SCHEDULER_DEPTH                 (8)
#define MICROPY_PY_STR_BYTES_CMP_WARN           (1)
#define MICROPY_PY_ALL_INPLACE_SPECIAL_METHODS  (1)
#define MICROPY_PY_BUILTINS_HELP_TEXT           terakoya_help_text
#define MICROPY_PY_SYS_PLATFORM                 "esp32"
#define MICROPY_HW_BOARD_NAME                   "Generic ESP32 module"
#define MICROPY_HW_MCU_NAME                     "ESP32"
// The firmware uses ESP-IDF's newlib numbers, not MicroPython's own: port/errno.h gives them
// (ETIMEDOUT is 116 there, 110 on Linux).  The errno module lists MicroPython's default names.
#define MICROPY_USE_INTERNAL_ERRNO              (0)
// The firmware's heap: a first area of 56 KB (MICROPY_GC_INITIAL_HEAP_SIZE for the plain
// ESP32), grown on demand from the rest of the chip's RAM (MICROPY_GC_SPLIT_HEAP_AUTO).
// main.c keeps one more area of the same size for that growth; see HEAP_SIZE there.
#define MICROPY_GC_SPLIT_HEAP                   (1)
#define MICROPY_GC_SPLIT_HEAP_AUTO              (1)
void *tk_heap_alloc(size_t size);
void tk_heap_free(void *area);
#define MP_PLAT_ALLOC_HEAP(size)                tk_heap_alloc(size)
#define MP_PLAT_FREE_HEAP(area)                 tk_heap_free(area)
// The firmware's frozen modules are bytecode; here they are source, compiled on import
// (build.py writes the tables; its bytecode table is empty, but 1.23's py/frozenmod.c finds
// source entries only when both kinds are enabled).
#define MICROPY_MODULE_FROZEN_STR               (1)
#define MICROPY_MODULE_FROZEN_MPY               (1)

// -- the core's defaults at this ROM level that need the firmware's extmod/ (not in the
// sources this engine is built from): those modules are the host's (tk_board.h), or the
// port's own (time) ----------------------------------------------------------------------
#define MICROPY_PY_OS                           (0)
#define MICROPY_PY_TIME                         (0)
#define MICROPY_PY_RANDOM                       (0)
#define MICROPY_PY_SELECT                       (0)
#define MICROPY_PY_JSON                         (0)
#define MICROPY_PY_RE                           (0)
#define MICROPY_PY_HEAPQ                        (0)
#define MICROPY_PY_BINASCII                     (0)
#define MICROPY_PY_HASHLIB                      (0)
#define MICROPY_PY_UCTYPES                      (0)
#define MICROPY_PY_DEFLATE                      (0)
#define MICROPY_PY_PLATFORM                     (0)
#define MICROPY_PY_ASYNCIO                      (0)
#define MICROPY_PY_MACHINE                      (0)
#define MICROPY_PY_FRAMEBUF                     (0)
#define MICROPY_PY_VFS                          (0)

// -- what this port needs -----------------------------------------------------------------
#define MICROPY_PY_IO                           (1)
#define MICROPY_PY_BUILTINS_HELP                (1)
#define MICROPY_PY_BUILTINS_HELP_MODULES        (1)
#define MICROPY_PY_SYS_PATH_ARGV_DEFAULTS       (1)

// time.ticks_ms() and friends wrap at 2**30, as MICROPY_PY_TIME_TICKS_PERIOD on a 32-bit port
#define TK_TICKS_PERIOD                         (1 << 30)
