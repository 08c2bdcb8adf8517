// Terakoya test fixture: the smallest port that runs a program read from stdin.
// Not a board: tests/test_engine_build.py builds it to check simulator/engine/build.py.

#include <stdint.h>

#define MICROPY_CONFIG_ROM_LEVEL        (MICROPY_CONFIG_ROM_LEVEL_CORE_FEATURES)

#define MICROPY_ENABLE_COMPILER         (1)
#define MICROPY_ENABLE_GC               (1)
#define MICROPY_STACK_CHECK             (1)
#define MICROPY_HELPER_REPL             (1)
#define MICROPY_KBD_EXCEPTION           (1)
#define MICROPY_ENABLE_SOURCE_LINE      (1)
#define MICROPY_ERROR_REPORTING         (MICROPY_ERROR_REPORTING_NORMAL)
#define MICROPY_FLOAT_IMPL              (MICROPY_FLOAT_IMPL_FLOAT)
#define MICROPY_LONGINT_IMPL            (MICROPY_LONGINT_IMPL_MPZ)
#define MICROPY_PY_BUILTINS_STR_UNICODE (1)
#define MICROPY_PY_SYS                  (1)
#define MICROPY_MODULE_WEAK_LINKS       (1)
#define MICROPY_PY_SYS_MAXSIZE          (1)
#define MICROPY_PY_SYS_PLATFORM         "terakoya-test"
#define MICROPY_PY_IO                   (0)
#define MICROPY_PY___FILE__             (0)

#define MICROPY_HW_BOARD_NAME           "engine_port_min"
#define MICROPY_HW_MCU_NAME             "host"

// Count the work done, through the two hooks that build.py edits into the core.
extern unsigned long engine_min_opcodes;
extern unsigned long engine_min_iternexts;
#define MICROPY_VM_HOOK_OPCODE          ++engine_min_opcodes;
#define MICROPY_ITERNEXT_HOOK           ++engine_min_iternexts;

typedef intptr_t mp_int_t;
typedef uintptr_t mp_uint_t;
typedef long mp_off_t;

#define MP_STATE_PORT MP_STATE_VM
#define MICROPY_PORT_ROOT_POINTERS const char *readline_hist[8];

#if defined(_WIN32)
#include <malloc.h>
#else
#include <alloca.h>
#endif
