// Terakoya test fixture: read a program from stdin, run it, exit.
// stdout gets what the program prints; stderr gets "opcodes=N iternexts=M" at the end,
// which shows that build.py's hooks are in the VM and in mp_iternext.

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "py/compile.h"
#include "py/gc.h"
#include "py/lexer.h"
#include "py/mperrno.h"
#include "py/runtime.h"
#include "py/stackctrl.h"

unsigned long engine_min_opcodes;
unsigned long engine_min_iternexts;

static char heap[64 * 1024];
static char program[64 * 1024];

static void write_all(int fd, const char *str, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, str, len);
        if (n <= 0) {
            return;
        }
        str += n;
        len -= (size_t)n;
    }
}

void mp_hal_stdout_tx_strn(const char *str, size_t len) {
    write_all(1, str, len);
}

void mp_hal_stdout_tx_strn_cooked(const char *str, size_t len) {
    write_all(1, str, len);
}

void mp_hal_stdout_tx_str(const char *str) {
    write_all(1, str, strlen(str));
}

int mp_hal_stdin_rx_chr(void) {
    unsigned char c;
    return read(0, &c, 1) == 1 ? c : 4;
}

mp_uint_t mp_hal_ticks_ms(void) {
    return 0;
}

void gc_collect(void) {
    jmp_buf regs;
    gc_collect_start();
    setjmp(regs);
    void **sp = (void **)&regs;
    gc_collect_root(sp, ((uintptr_t)MP_STATE_THREAD(stack_top) - (uintptr_t)sp) / sizeof(void *));
    gc_collect_end();
}

mp_lexer_t *mp_lexer_new_from_file(const char *filename) {
    mp_raise_OSError(MP_ENOENT);
}

mp_import_stat_t mp_import_stat(const char *path) {
    return MP_IMPORT_STAT_NO_EXIST;
}

void nlr_jump_fail(void *val) {
    static const char msg[] = "FATAL: uncaught NLR\n";
    write_all(2, msg, sizeof(msg) - 1);
    _exit(2);
}

static int run(const char *src, size_t len) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_lexer_t *lex = mp_lexer_new_from_str_len(MP_QSTR__lt_stdin_gt_, src, len, 0);
        qstr source_name = lex->source_name;
        mp_parse_tree_t tree = mp_parse(lex, MP_PARSE_FILE_INPUT);
        mp_obj_t module_fun = mp_compile(&tree, source_name, false);
        mp_call_function_0(module_fun);
        nlr_pop();
        return 0;
    }
    mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(nlr.ret_val));
    return 1;
}

int main(int argc, char **argv) {
    size_t len = 0;
    ssize_t n;
    while (len < sizeof(program) && (n = read(0, program + len, sizeof(program) - len)) > 0) {
        len += (size_t)n;
    }
    mp_stack_ctrl_init();
    mp_stack_set_limit(256 * 1024);
    gc_init(heap, heap + sizeof(heap));
    mp_init();
    int status = run(program, len);
    mp_deinit();
    char counts[80];
    int n_counts = snprintf(counts, sizeof(counts), "opcodes=%lu iternexts=%lu\n",
        engine_min_opcodes, engine_min_iternexts);
    write_all(2, counts, (size_t)n_counts);
    return status;
}

// This fixture has no Ctrl-C to watch for (the port says so itself, as every port must).
void mp_hal_set_interrupt_char(int c) {
    (void)c;
}
