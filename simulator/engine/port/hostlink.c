// Terakoya's host link: how a board process asks the host for its hardware.
//
// The board process reads the host's frames on fd 0 and writes its own on fd 1. A frame is
// a 4-byte little-endian length, then that many bytes; the first byte says what it is.
// Every frame the board sends starts with its kind and a u32: the opcodes (and C-level
// iteration steps) the program ran since its previous frame, from which the host charges
// virtual time.  The board only ever waits for the host's answer; the host never writes
// unasked, so both sides always know whose turn it is.
//
// Board -> host
//   'c' call   u32 ops, u8 mode (0 call, 1 get, 2 set), u32 handle, u16 attr,
//              value args (a tuple), u8 n_kw, n_kw x (value name, value)
//   'y' sync   u32 ops                 the budget is used up: may I go on?
//   'x' exit   u32 ops, u8 reason, value info (None or (type, message, line, file))
//   'r' release u32 ops, u32 n, n x u32 handle     proxies the board no longer holds
//   'p' taken  u32 ops, u32 n          radio packets the program read (no answer)
//   'R' result u32 ops, value          \ answers to a host 'Q'
//   'E' error  u32 ops, value type, value args /
// Host -> board
//   'R' result head, value, u8 n, n x value   (the final contents of each writable
//              buffer argument, in order)
//   'E' error  head, value type (str), value args (tuple)
//   'G' go     head
//   head: u32 budget, u64 time_ns (the board's time since it started), events
//   'Q' query  head, u8 op (1 call, 2 next, 3 scheduled), u32 ref, value args, [u8 flags]
//              (while the board waits in a built-in; flags as for the schedule event)
// events: u8 n, n x (u8 kind, ...): 1 KeyboardInterrupt; 2 schedule u32 ref, u8 flags,
//         value args (flags bit 0: an error ends the program); 3 release u32 ref;
//         4 stop (the KeyboardInterrupt that comes with it ends the program quietly);
//         5 radio packet: value (data, rssi, timestamp), now in the radio's queue;
//         6 radio state: u8 on (the queue is emptied)
//
// Values: 'N' None, 'T' True, 'F' False, 'X' NotImplemented (host to board only), 'i' i32, 'I' u32 n + decimal digits (big int),
// 'f' f32, 's' u32 n + UTF-8 (str), 'b' u32 n + bytes, 'y' u32 n + bytes (a bytearray),
// 'a' u32 n + bytes (a writable buffer: the host sends its final contents back), 't' tuple / 'l' list: u32 n + n values,
// 'd' dict: u32 n + n x (key, value), 'A' u32 n + n names + n values (a tuple with named
// items, host to board), 'h' u32 handle (a host object the board holds),
// 'H' u32 handle + class, 'K' class + u32 handle (a host class: the board makes a type),
// 'o' u32 ref (one of the board's own objects, lent to the host), 'M' value name (one of
// the board's modules: the board imports it).
// class: u32 id, u8 new; if new: value name, u16 n, n x (value attr, u8 kind, [value]),
// kind 'm' method, 'v' value (followed by it), 'p' read-only property, 'w' property.
// Class id 0 is a plain host function.  Nothing in the protocol names a host object:
// handles are numbers the host checks on every call, attributes are indexes into the
// list the host declared for that class.

#include <string.h>
#include <unistd.h>

#include "py/builtin.h"
#include "py/runtime.h"
#include "py/objint.h"
#include "py/objexcept.h"
#include "py/objtuple.h"
#include "py/objstr.h"
#include "py/gc.h"
#include "py/mpstate.h"
#include "hostlink.h"

#define TX_MAX (192 * 1024)
#define RX_MAX (256 * 1024)
#define MAX_DEPTH (12)
#define MAX_RELEASED (4096)
#define MAX_WRITEBACK (8)

// the board's objects lent to the host (a list, so that the collector sees them)
MP_REGISTER_ROOT_POINTER(mp_obj_t tk_board_refs);

uint32_t tk_ops;
uint32_t tk_budget = 1000;
bool tk_stopping;

static uint8_t tx[TX_MAX];
static size_t tx_len;
static size_t frame_start;   // where the frame being built starts (after a 'p' report)
static uint32_t taken_told;  // radio packets that report tells
static uint8_t rx[RX_MAX];
static size_t rx_len, rx_pos;
static uint32_t released[MAX_RELEASED];
static size_t n_released;
static char out_buf[256];
static size_t out_len;

// -- raw pipes ----------------------------------------------------------------------------
NORETURN static void host_gone(void) {
    tk_die(3);
}

static void write_all(const uint8_t *data, size_t len) {
    while (len > 0) {
        ssize_t n = write(1, data, len);
        if (n <= 0) {
            host_gone();
        }
        data += n;
        len -= (size_t)n;
    }
}

// Input is read in as large pieces as the pipe gives: a frame usually arrives whole.
static uint8_t in_buf[4096];
static size_t in_len, in_pos;

static void read_all(uint8_t *data, size_t len) {
    while (len > 0) {
        if (in_pos == in_len) {
            if (len >= sizeof(in_buf)) {
                ssize_t n = read(0, data, len);
                if (n <= 0) {
                    host_gone();
                }
                data += n;
                len -= (size_t)n;
                continue;
            }
            ssize_t n = read(0, in_buf, sizeof(in_buf));
            if (n <= 0) {
                host_gone();
            }
            in_len = (size_t)n;
            in_pos = 0;
        }
        size_t n = in_len - in_pos < len ? in_len - in_pos : len;
        memcpy(data, in_buf + in_pos, n);
        in_pos += n;
        data += n;
        len -= n;
    }
}

// -- building a frame ---------------------------------------------------------------------
static void put(const void *data, size_t len) {
    if (tx_len + len > TX_MAX) {
        tx_len = 0;
        tk_radio_untake(taken_told);  // not told after all: the next frame tells it
        taken_told = 0;
        mp_raise_msg(&mp_type_MemoryError, MP_ERROR_TEXT("too much data for the host"));
    }
    memcpy(tx + tx_len, data, len);
    tx_len += len;
}

static void put_u8(uint8_t v) {
    put(&v, 1);
}

static void put_u16(uint16_t v) {
    uint8_t b[2] = {v & 0xff, v >> 8};
    put(b, 2);
}

static void put_u32(uint32_t v) {
    uint8_t b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};
    put(b, 4);
}

static void put_blob(char tag, const void *data, size_t len) {
    put_u8(tag);
    put_u32(len);
    put(data, len);
}

// Start a frame: its length is filled in by send_frame.  The radio packets the program
// read since the last frame go first, as a 'p' frame in the same write.
static void begin(char kind) {
    tx_len = 0;
    taken_told = tk_radio_taken();
    if (taken_told) {
        uint32_t words[3] = {9, 0, taken_told};
        put_u32(words[0]);
        put_u8('p');
        put_u32(words[1]);
        put_u32(words[2]);
    }
    frame_start = tx_len;
    tx_len += 4;
    put_u8(kind);
    put_u32(tk_ops);
    tk_budget = tk_ops >= tk_budget ? 0 : tk_budget - tk_ops;
    tk_ops = 0;
}

static void send_frame(void) {
    uint32_t n = tx_len - frame_start - 4;
    uint8_t *head = tx + frame_start;
    head[0] = n & 0xff;
    head[1] = (n >> 8) & 0xff;
    head[2] = (n >> 16) & 0xff;
    head[3] = n >> 24;
    write_all(tx, tx_len);
    tx_len = 0;
    taken_told = 0;
}

// Handles of proxies the garbage collector freed, sent before the next frame (no answer).
static void send_released(void) {
    while (n_released > 0) {
        uint8_t frame[4 + 9 + 4 * 64];
        size_t n = n_released > 64 ? 64 : n_released;
        uint32_t len = 9 + 4 * n;
        size_t at = 0;
        uint32_t words[3] = {len, 0, n};
        for (int w = 0; w < 3; w++) {
            if (w == 1) {
                frame[at++] = 'r';
            }
            for (int b = 0; b < 4; b++) {
                frame[at++] = (words[w] >> (8 * b)) & 0xff;
            }
        }
        for (size_t i = 0; i < n; i++) {
            uint32_t h = released[--n_released];
            for (int b = 0; b < 4; b++) {
                frame[at++] = (h >> (8 * b)) & 0xff;
            }
        }
        write_all(frame, at);
    }
}

void tk_release_handle(uint32_t handle) {
    if (n_released < MAX_RELEASED) {
        released[n_released++] = handle;
    }
}

// -- values, board -> host ----------------------------------------------------------------
typedef struct {
    mp_obj_t obj;
} writeback_t;

static writeback_t writebacks[MAX_WRITEBACK];
static size_t n_writebacks;

static uint32_t lend(mp_obj_t obj) {
    mp_obj_t refs = MP_STATE_PORT(tk_board_refs);
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(refs, &n, &items);
    for (size_t i = 0; i < n; i++) {
        if (items[i] == mp_const_none) {
            items[i] = obj;
            return i + 1;
        }
    }
    mp_obj_list_append(refs, obj);
    return n + 1;
}

static void put_value(mp_obj_t obj, int depth);
static void put_other(mp_obj_t obj);

static void put_items(char tag, size_t n, const mp_obj_t *items, int depth) {
    put_u8(tag);
    put_u32(n);
    for (size_t i = 0; i < n; i++) {
        put_value(items[i], depth + 1);
    }
}

static void put_value(mp_obj_t obj, int depth) {
    uint32_t handle;
    if (depth > MAX_DEPTH) {
        mp_raise_ValueError(MP_ERROR_TEXT("object too deeply nested"));
    }
    if (obj == mp_const_none) {
        put_u8('N');
    } else if (obj == mp_const_true) {
        put_u8('T');
    } else if (obj == mp_const_false) {
        put_u8('F');
    } else if (mp_obj_is_small_int(obj)) {
        put_u8('i');
        put_u32((uint32_t)MP_OBJ_SMALL_INT_VALUE(obj));
    } else if (mp_obj_is_type(obj, &mp_type_int)) {
        vstr_t digits;
        vstr_init(&digits, 16);
        mp_print_t print;
        vstr_init_print(&digits, 16, &print);
        mp_obj_print_helper(&print, obj, PRINT_STR);
        put_blob('I', digits.buf, digits.len);
        vstr_clear(&digits);
    } else if (mp_obj_is_float(obj)) {
        float f = mp_obj_float_get(obj);
        put_u8('f');
        put(&f, 4);
    } else if (mp_obj_is_str(obj)) {
        size_t len;
        const char *s = mp_obj_str_get_data(obj, &len);
        put_blob('s', s, len);
    } else if (mp_obj_is_type(obj, &mp_type_bytes)) {
        size_t len;
        const char *s = mp_obj_str_get_data(obj, &len);
        put_blob('b', s, len);
    } else if (mp_obj_is_type(obj, &mp_type_tuple)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_tuple_get(obj, &n, &items);
        put_items('t', n, items, depth);
    } else if (mp_obj_is_type(obj, &mp_type_list)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_list_get(obj, &n, &items);
        put_items('l', n, items, depth);
    } else if (mp_obj_is_type(obj, &mp_type_dict)) {
        mp_map_t *map = mp_obj_dict_get_map(obj);
        put_u8('d');
        put_u32(map->used);
        for (size_t i = 0; i < map->alloc; i++) {
            if (mp_map_slot_is_filled(map, i)) {
                put_value(map->table[i].key, depth + 1);
                put_value(map->table[i].value, depth + 1);
            }
        }
    } else if (tk_proxy_handle(obj, &handle)) {
        put_u8('h');
        put_u32(handle);
    } else {
        put_other(obj);
    }
}

// A buffer goes as its bytes (a writable one comes back after the call); any other object
// of the board's is lent to the host as a number.
static void put_other(mp_obj_t obj) {
    mp_buffer_info_t buf;
    if (mp_get_buffer(obj, &buf, MP_BUFFER_READ)) {
        mp_buffer_info_t wbuf;
        if (mp_get_buffer(obj, &wbuf, MP_BUFFER_WRITE) && n_writebacks < MAX_WRITEBACK) {
            writebacks[n_writebacks++].obj = obj;
            put_blob('a', buf.buf, buf.len);
        } else {
            put_blob('b', buf.buf, buf.len);
        }
    } else {
        put_u8('o');
        put_u32(lend(obj));
    }
}

// -- values, host -> board ----------------------------------------------------------------
static void bad_frame(void) {
    // The host sent something this board does not understand: nothing sensible can follow.
    static const char msg[] = "terakoya board: bad frame from the host\n";
    (void)!write(2, msg, sizeof(msg) - 1);
    tk_die(4);
}

static const uint8_t *take(size_t n) {
    if (rx_pos + n > rx_len) {
        bad_frame();
    }
    const uint8_t *at = rx + rx_pos;
    rx_pos += n;
    return at;
}

static uint8_t get_u8(void) {
    return *take(1);
}

static uint16_t get_u16(void) {
    const uint8_t *b = take(2);
    return b[0] | (b[1] << 8);
}

static uint32_t get_u32(void) {
    const uint8_t *b = take(4);
    return b[0] | (b[1] << 8) | (b[2] << 16) | ((uint32_t)b[3] << 24);
}

static mp_obj_t get_value(int depth);

static void get_class(uint32_t *class_id) {
    uint32_t id = get_u32();
    uint8_t is_new = get_u8();
    *class_id = id;
    if (!is_new) {
        if (id != 0 && !tk_type_known(id)) {
            bad_frame();
        }
        return;
    }
    mp_obj_t name = get_value(1);
    uint16_t n = get_u16();
    tk_type_begin(id, mp_obj_str_get_qstr(name), n);
    for (uint16_t i = 0; i < n; i++) {
        qstr attr = mp_obj_str_get_qstr(get_value(1));
        char kind = get_u8();
        mp_obj_t value = kind == 'v' ? get_value(1) : MP_OBJ_NULL;
        tk_type_attr(id, attr, kind, i, value);
    }
}

static mp_obj_t ref_object(uint32_t ref);

// Tuples, lists, named tuples and dicts.
static mp_obj_t get_compound(char tag, int depth) {
    uint32_t n = get_u32();
    if (tag == 'd') {
        mp_obj_t dict = mp_obj_new_dict(n);
        for (uint32_t i = 0; i < n; i++) {
            mp_obj_t key = get_value(depth + 1);
            mp_obj_dict_store(dict, key, get_value(depth + 1));
        }
        return dict;
    }
    if (tag == 'A') {
        // a tuple whose items have names too (os.uname()): MicroPython's attrtuple
        mp_obj_t items[16];
        if (n > MP_ARRAY_SIZE(items)) {
            bad_frame();
        }
        qstr *fields = m_new(qstr, n + 1);  // kept alive by the tuple, which points to it
        for (uint32_t i = 0; i < n; i++) {
            fields[i] = mp_obj_str_get_qstr(get_value(depth + 1));
        }
        for (uint32_t i = 0; i < n; i++) {
            items[i] = get_value(depth + 1);
        }
        return mp_obj_new_attrtuple(fields, n, items);
    }
    mp_obj_t seq = tag == 't' ? mp_obj_new_tuple(n, NULL) : mp_obj_new_list(n, NULL);
    size_t len;
    mp_obj_t *items;
    if (tag == 't') {
        mp_obj_tuple_get(seq, &len, &items);
    } else {
        mp_obj_list_get(seq, &len, &items);
    }
    for (uint32_t i = 0; i < n; i++) {
        items[i] = get_value(depth + 1);
    }
    return seq;
}

// Host objects (by handle), host classes, the board's modules and its own lent objects.
static mp_obj_t get_object(char tag, int depth) {
    uint32_t class_id;
    switch (tag) {
        case 'h': {
            mp_obj_t proxy = tk_proxy_existing(get_u32());
            if (proxy == MP_OBJ_NULL) {
                bad_frame();
            }
            return proxy;
        }
        case 'H': {
            uint32_t handle = get_u32();
            get_class(&class_id);
            return tk_proxy_for(handle, class_id);
        }
        case 'K':
            get_class(&class_id);
            tk_type_end(class_id, get_u32());
            return tk_type_for(class_id);
        case 'M': {
            // importing asks the host in turn, over this same buffer: keep the rest aside
            qstr name = mp_obj_str_get_qstr(get_value(depth + 1));
            size_t rest = rx_len - rx_pos;
            byte *saved = m_new(byte, rest + 1);
            memcpy(saved, rx + rx_pos, rest);
            mp_obj_t module = mp_import_name(name, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
            memcpy(rx, saved, rest);
            rx_len = rest;
            rx_pos = 0;
            m_del(byte, saved, rest + 1);
            return module;
        }
        case 'o':
            return ref_object(get_u32());
        default:
            bad_frame();
    }
}

static mp_obj_t get_value(int depth) {
    if (depth > MAX_DEPTH + 4) {
        bad_frame();
    }
    char tag = get_u8();
    uint32_t n;
    switch (tag) {
        case 'N':
            return mp_const_none;
        case 'T':
            return mp_const_true;
        case 'F':
            return mp_const_false;
        case 'X':
            return MP_OBJ_FROM_PTR(&tk_not_implemented_obj);
        case 'i':
            return mp_obj_new_int((int32_t)get_u32());
        case 'I':
            n = get_u32();
            return mp_parse_num_integer((const char *)take(n), n, 10, NULL);
        case 'f': {
            float f;
            memcpy(&f, take(4), 4);
            return mp_obj_new_float(f);
        }
        case 's':
            n = get_u32();
            return mp_obj_new_str((const char *)take(n), n);
        case 'b':
            n = get_u32();
            return mp_obj_new_bytes(take(n), n);
        case 'y':
            n = get_u32();
            return mp_obj_new_bytearray(n, (void *)take(n));
        case 't':
        case 'l':
        case 'A':
        case 'd':
            return get_compound(tag, depth);
        default:
            return get_object(tag, depth);
    }
}

// -- receiving ----------------------------------------------------------------------------
static void read_frame(void) {
    uint8_t head[4];
    read_all(head, 4);
    uint32_t n = head[0] | (head[1] << 8) | (head[2] << 16) | ((uint32_t)head[3] << 24);
    if (n == 0 || n > RX_MAX) {
        bad_frame();
    }
    read_all(rx, n);
    rx_len = n;
    rx_pos = 0;
}

STATIC mp_obj_t run_scheduled(mp_obj_t pair);
STATIC MP_DEFINE_CONST_FUN_OBJ_1(run_scheduled_obj, run_scheduled);

static void release_ref(uint32_t ref) {
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(MP_STATE_PORT(tk_board_refs), &n, &items);
    if (ref >= 1 && ref <= n) {
        items[ref - 1] = mp_const_none;
    }
}

// The budget, the board's time and the events at the head of every answer from the host.
static void take_events(void) {
    tk_budget = get_u32();
    uint32_t low = get_u32();
    tk_time_ns = ((uint64_t)get_u32() << 32) | low;
    uint8_t n = get_u8();
    for (uint8_t i = 0; i < n; i++) {
        uint8_t kind = get_u8();
        if (kind == 1) {
            mp_sched_keyboard_interrupt();
        } else if (kind == 2) {
            mp_obj_t ref = mp_obj_new_int(get_u32());
            mp_obj_t flags = MP_OBJ_NEW_SMALL_INT(get_u8());
            mp_obj_t args = get_value(1);
            mp_obj_t item[3] = {ref, flags, args};
            mp_sched_schedule(MP_OBJ_FROM_PTR(&run_scheduled_obj), mp_obj_new_tuple(3, item));
        } else if (kind == 3) {
            release_ref(get_u32());
        } else if (kind == 5) {
            tk_radio_push(get_value(1));
        } else if (kind == 6) {
            tk_radio_state(get_u8() != 0);
        } else if (kind == 4) {
            tk_stopping = true;  // the interrupt that follows is a stop: end without a traceback
        } else {
            bad_frame();
        }
    }
}

static mp_obj_t ref_object(uint32_t ref) {
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(MP_STATE_PORT(tk_board_refs), &n, &items);
    if (ref == 0 || ref > n || items[ref - 1] == mp_const_none) {
        bad_frame();
    }
    return items[ref - 1];
}

static void put_exception(mp_obj_t exc) {
    const mp_obj_type_t *type = mp_obj_get_type(exc);
    put_blob('s', qstr_str(type->name), strlen(qstr_str(type->name)));
    mp_obj_t args = ((mp_obj_exception_t *)MP_OBJ_TO_PTR(exc))->args;
    size_t n;
    mp_obj_t *items;
    mp_obj_tuple_get(args, &n, &items);
    size_t start_len = tx_len;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        put_items('t', n, items, 1);
        nlr_pop();
    } else {
        tx_len = start_len;
        put_items('t', 0, NULL, 1);
    }
}

static void answer_error(const char *type_name, mp_obj_t exc) {
    send_released();
    begin('E');
    if (exc == MP_OBJ_NULL) {
        put_blob('s', type_name, strlen(type_name));
        put_items('t', 0, NULL, 1);
    } else {
        put_exception(exc);
    }
    send_frame();
}

// A callback from the host's scheduler (run_every): run as MicroPython runs an interrupt's
// callback.  With flags bit 0 an error ends the program, past its own handlers, as the
// firmware's timers do (SystemExit(None, error), unwrapped when main.py ends).
static bool run_as_scheduled(mp_obj_t target, size_t n_args, const mp_obj_t *args,
    uint8_t flags) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_call_function_n_kw(target, n_args, 0, args);
        nlr_pop();
    } else if (flags & 1) {
        mp_obj_t wrapped[2] = {mp_const_none, MP_OBJ_FROM_PTR(nlr.ret_val)};
        MP_STATE_THREAD(mp_pending_exception) =
            mp_obj_new_exception_args(&mp_type_SystemExit, 2, wrapped);
        MP_STATE_VM(sched_state) = MP_SCHED_PENDING;
        return false;
    } else {
        mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(nlr.ret_val));
    }
    return true;
}

// The host asks the board to run one of its objects (a callback, the next item of an
// iterator) while the board waits for an answer.  Every query gets exactly one answer.
static void answer_query(void) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        take_events();
        uint8_t op = get_u8();
        mp_obj_t target = ref_object(get_u32());
        size_t n_args;
        mp_obj_t *items;
        mp_obj_tuple_get(get_value(1), &n_args, &items);
        uint8_t flags = op == 3 ? get_u8() : 0;
        mp_obj_t result = mp_const_none;
        if (op == 1) {
            result = mp_call_function_n_kw(target, n_args, 0, items);
        } else if (op == 2) {
            result = mp_iternext(target);
        } else if (op == 3) {
            if (!run_as_scheduled(target, n_args, items, flags)) {
                nlr_pop();
                answer_error("SystemExit", MP_OBJ_NULL);  // its error is pending here now
                return;
            }
        } else {
            bad_frame();
        }
        if (result == MP_OBJ_STOP_ITERATION) {
            nlr_pop();
            answer_error("StopIteration", MP_OBJ_NULL);
            return;
        }
        send_released();
        begin('R');
        n_writebacks = 0;
        put_value(result, 0);
        nlr_pop();
        send_frame();
    } else {
        answer_error(NULL, MP_OBJ_FROM_PTR(nlr.ret_val));
    }
}

// The simulator's own error for what a real board has and it does not (see the README's
// "Deliberate gaps"): an ImportError, so that a program that tries it sees an import fail.
MP_DEFINE_EXCEPTION(NotSimulatedError, ImportError)

static const mp_obj_type_t *exception_type(mp_obj_t name) {
    qstr q = mp_obj_str_get_qstr(name);
    if (q == MP_QSTR_NotSimulatedError) {
        return &mp_type_NotSimulatedError;
    }
    mp_map_elem_t *elem = mp_map_lookup(&mp_module_builtins.globals->map,
        MP_OBJ_NEW_QSTR(q), MP_MAP_LOOKUP);
    if (elem != NULL && mp_obj_is_type(elem->value, &mp_type_type)) {
        const mp_obj_type_t *type = MP_OBJ_TO_PTR(elem->value);
        if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type),
            MP_OBJ_FROM_PTR(&mp_type_BaseException))) {
            return type;
        }
    }
    return &mp_type_RuntimeError;
}

// Wait for the host's answer, serving its queries meanwhile.
static char wait_answer(void) {
    for (;;) {
        read_frame();
        char kind = get_u8();
        if (kind == 'Q') {
            answer_query();
            continue;
        }
        if (kind != 'R' && kind != 'E' && kind != 'G') {
            bad_frame();
        }
        take_events();
        return kind;
    }
}

static void write_back(void) {
    uint8_t n = get_u8();
    for (uint8_t i = 0; i < n && i < n_writebacks; i++) {
        mp_obj_t data = get_value(1);
        mp_buffer_info_t dst, src;
        mp_get_buffer_raise(writebacks[i].obj, &dst, MP_BUFFER_WRITE);
        mp_get_buffer_raise(data, &src, MP_BUFFER_READ);
        memcpy(dst.buf, src.buf, src.len < dst.len ? src.len : dst.len);
    }
}

// -- the calls the rest of the port makes ---------------------------------------------------
static mp_obj_t raise_answer(char kind);

mp_obj_t tk_call(uint32_t handle, uint16_t attr, uint8_t mode, size_t n_args,
    const mp_obj_t *args, mp_map_t *kw) {
    tk_flush_output();
    send_released();
    n_writebacks = 0;
    begin('c');
    put_u8(mode);
    put_u32(handle);
    put_u16(attr);
    put_items('t', n_args, args, 0);
    size_t n_kw = kw == NULL ? 0 : kw->used;
    put_u8(n_kw);
    if (n_kw) {
        for (size_t i = 0; i < kw->alloc; i++) {
            if (mp_map_slot_is_filled(kw, i)) {
                put_value(kw->table[i].key, 1);
                put_value(kw->table[i].value, 1);
            }
        }
    }
    send_frame();
    return raise_answer(wait_answer());
}

// An 'E' answer raises the host's error here; an 'R' gives the value.
static mp_obj_t raise_answer(char kind) {
    if (kind == 'E') {
        mp_obj_t type_name = get_value(1);
        mp_obj_t exc_args = get_value(1);
        size_t n;
        mp_obj_t *items;
        mp_obj_tuple_get(exc_args, &n, &items);
        nlr_raise(mp_obj_new_exception_args(exception_type(type_name), n, items));
    }
    if (kind != 'R') {
        bad_frame();
    }
    mp_obj_t result = get_value(0);
    write_back();
    return result;
}

void tk_sync(void) {
    tk_flush_output();
    send_released();
    begin('y');
    send_frame();
    if (wait_answer() != 'G') {
        bad_frame();
    }
}

NORETURN void tk_exit(uint8_t reason, mp_obj_t info) {
    tk_flush_output();
    send_released();
    begin('x');
    put_u8(reason);
    nlr_buf_t nlr;
    size_t at = tx_len;
    if (nlr_push(&nlr) == 0) {
        put_value(info, 0);
        nlr_pop();
    } else {
        tx_len = at;
        put_u8('N');
    }
    send_frame();
    tk_die(0);
}

// Scheduled callbacks from the host: run between opcodes, as an interrupt's would be.
STATIC mp_obj_t run_scheduled(mp_obj_t item) {
    size_t n;
    mp_obj_t *parts;
    mp_obj_tuple_get(item, &n, &parts);
    mp_obj_t target = ref_object(mp_obj_get_int(parts[0]));
    mp_int_t flags = mp_obj_get_int(parts[1]);
    size_t n_args;
    mp_obj_t *args;
    mp_obj_tuple_get(parts[2], &n_args, &args);
    run_as_scheduled(target, n_args, args, flags);
    return mp_const_none;
}

// -- serial output ------------------------------------------------------------------------
static mp_obj_t raise_answer(char kind);

// Serial output goes to the host as system.write(bytes), built without allocating (a
// MemoryError's traceback must still reach the serial line).
void tk_flush_output(void) {
    if (out_len == 0) {
        return;
    }
    size_t len = out_len;
    out_len = 0;
    send_released();
    begin('c');
    put_u8(TK_CALL);
    put_u32(TK_SYSTEM_HANDLE);
    put_u16(TK_SYS_WRITE);
    put_u8('t');
    put_u32(1);
    put_blob('b', out_buf, len);
    put_u8(0);
    send_frame();
    raise_answer(wait_answer());
}

// Output goes to the host at each line's end (and when the buffer is full): the host then
// charges the UART's time, as the firmware's blocking send takes it.
void tk_write_raw(const char *data, size_t len) {
    while (len > 0) {
        size_t room = sizeof(out_buf) - out_len;
        size_t n = len < room ? len : room;
        memcpy(out_buf + out_len, data, n);
        out_len += n;
        data += n;
        len -= n;
        if (out_len == sizeof(out_buf) || memchr(out_buf + out_len - n, '\n', n) != NULL) {
            tk_flush_output();
        }
    }
}
