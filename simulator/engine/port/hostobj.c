// The board's objects that live in the host: modules, classes, functions and instances.
//
// A host object is seen here as a proxy that holds only a number (its handle).  A host
// class becomes a real MicroPython type with the host's name for it (MicroBitImage, ...),
// so a program sees the same types, printing and errors as on the board.  Every method
// call, operator, property and constructor is one request to the host (hostlink.c).
// Types and module dictionaries live in a static arena outside the 64 KB GC heap (on the
// board they are in ROM); the garbage collector scans the arena for the objects it holds.

#include <string.h>

#include "py/runtime.h"
#include "py/objtype.h"
#include "py/gc.h"
#include "hostlink.h"

#if TK_CORE_AT_LEAST(1, 20)
// From MicroPython 1.20 a type keeps its functions in numbered slots (a full type has room
// for all of them); before, each had a field of its own.
typedef mp_obj_full_type_t tk_obj_type_t;
enum { SLOT_MAKE_NEW, SLOT_PRINT, SLOT_CALL, SLOT_UNARY_OP, SLOT_BINARY_OP, SLOT_ATTR,
       SLOT_SUBSCR, SLOT_ITER, SLOT_BUFFER, SLOT_LOCALS_DICT };
#define TK_SET(t, f, v, slot) MP_OBJ_TYPE_SET_SLOT(t, f, v, slot)
#define TK_GET(t, f) MP_OBJ_TYPE_GET_SLOT_OR_NULL(t, f)
#else
typedef mp_obj_type_t tk_obj_type_t;
#define TK_SET(t, f, v, slot) ((t)->f = (v))
#define TK_GET(t, f) ((t)->f)
#endif

#define ARENA_SIZE (256 * 1024)
#define MAX_CLASSES (256)
#define MAX_HANDLES (16384)

typedef struct {
    tk_obj_type_t type;
    uint32_t class_id;
    uint32_t ctor_handle;   // the host class object, called to make an instance
    mp_obj_dict_t locals;
    uint16_t n_attrs;
    bool has_properties;    // else attribute lookups go straight to the type's dictionary
    bool has_iter, has_next;  // __iter__, __next__
    qstr *attr_names;       // index -> name, as the host declared them
    char *attr_kinds;
} tk_type_t;

typedef struct {
    mp_obj_base_t base;
    uint32_t handle;
} tk_proxy_t;

typedef struct {
    mp_obj_base_t base;
    uint32_t handle;        // a host function, or the class whose method this is
    uint16_t attr;          // TK_NO_ATTR for a plain function
    uint32_t class_id;
} tk_fun_t;

bool tk_in_gc;
// what the host's answer 'X' (NotImplemented: an operator it does not support) becomes
const mp_obj_base_t tk_not_implemented_obj = { &mp_type_object };
static uint8_t arena[ARENA_SIZE] __attribute__((aligned(16)));
static size_t arena_used;
static tk_type_t *types[MAX_CLASSES];
static tk_proxy_t *proxies[MAX_HANDLES];   // not owning: cleared by the proxy's finaliser
                                           // (a host function's entry stays)

void *tk_arena_alloc(size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (arena_used + size > ARENA_SIZE) {
        mp_raise_msg(&mp_type_MemoryError, MP_ERROR_TEXT("board description too large"));
    }
    void *p = arena + arena_used;
    arena_used += size;
    memset(p, 0, size);
    return p;
}

void tk_arena_roots(void) {
    gc_collect_root((void **)arena, arena_used / sizeof(void *));
}

// -- plain host functions, and methods of host classes ------------------------------------
STATIC const mp_obj_type_t tk_fun_type;

STATIC mp_obj_t fun_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    tk_fun_t *self = MP_OBJ_TO_PTR(self_in);
    mp_map_t kw;
    mp_map_init_fixed_table(&kw, n_kw, args + n_args);
    if (self->attr == TK_NO_ATTR) {
        return tk_call(self->handle, TK_NO_ATTR, TK_CALL, n_args, args, &kw);
    }
    // a method: the first argument is the instance (bound by MicroPython as for builtins)
    uint32_t handle;
    if (n_args == 0 || !tk_proxy_handle(args[0], &handle) ||
        ((tk_type_t *)mp_obj_get_type(args[0]))->class_id != self->class_id) {
        mp_raise_TypeError(MP_ERROR_TEXT("argument has wrong type"));
    }
    return tk_call(handle, self->attr, TK_CALL, n_args - 1, args + 1, &kw);
}

// As the board's built-in functions: bound as a method when found on an instance, and
// printed as <function>.
#if TK_CORE_AT_LEAST(1, 20)
STATIC MP_DEFINE_CONST_OBJ_TYPE(tk_fun_type, MP_QSTR_function,
    MP_TYPE_FLAG_BINDS_SELF | MP_TYPE_FLAG_BUILTIN_FUN, call, fun_call);
#else
STATIC const mp_obj_type_t tk_fun_type = {
    { &mp_type_type },
    .flags = MP_TYPE_FLAG_BINDS_SELF | MP_TYPE_FLAG_BUILTIN_FUN,
    .name = MP_QSTR_function,
    .call = fun_call,
};
#endif

static mp_obj_t new_fun(uint32_t handle, uint16_t attr, uint32_t class_id) {
    tk_fun_t *fun = tk_arena_alloc(sizeof(tk_fun_t));
    fun->base.type = &tk_fun_type;
    fun->handle = handle;
    fun->attr = attr;
    fun->class_id = class_id;
    return MP_OBJ_FROM_PTR(fun);
}

// -- proxies ------------------------------------------------------------------------------
STATIC mp_obj_t proxy_make_new(const mp_obj_type_t *type_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args);

// The handle of a host object (a function, a host class, or an instance of one): every host
// class's type is made with proxy_make_new, which tells them from the board's own types.
bool tk_proxy_handle(mp_obj_t obj, uint32_t *handle) {
    if (!mp_obj_is_obj(obj)) {
        return false;
    }
    const mp_obj_type_t *type = mp_obj_get_type(obj);
    if (type == &tk_fun_type) {
        tk_fun_t *fun = MP_OBJ_TO_PTR(obj);
        *handle = fun->handle;
        return fun->attr == TK_NO_ATTR;
    }
    if (type == &mp_type_type && TK_GET((mp_obj_type_t *)MP_OBJ_TO_PTR(obj), make_new) ==
        proxy_make_new) {
        *handle = ((tk_type_t *)MP_OBJ_TO_PTR(obj))->ctor_handle;
        return *handle != 0;
    }
    if (TK_GET(type, make_new) == proxy_make_new) {
        *handle = ((tk_proxy_t *)MP_OBJ_TO_PTR(obj))->handle;
        return *handle != 0;
    }
    return false;
}

mp_obj_t tk_proxy_existing(uint32_t handle) {
    if (handle >= MAX_HANDLES || proxies[handle] == NULL) {
        return MP_OBJ_NULL;
    }
    return MP_OBJ_FROM_PTR(proxies[handle]);
}

mp_obj_t tk_proxy_for(uint32_t handle, uint32_t class_id) {
    if (handle == 0 || handle >= MAX_HANDLES || class_id >= MAX_CLASSES ||
        (class_id != 0 && !types[class_id])) {
        mp_raise_msg(&mp_type_MemoryError, MP_ERROR_TEXT("too many board objects"));
    }
    if (proxies[handle] != NULL) {
        return MP_OBJ_FROM_PTR(proxies[handle]);
    }
    if (class_id == 0) {  // a host function: made once (in the arena), kept for good
        mp_obj_t fun = new_fun(handle, TK_NO_ATTR, 0);
        proxies[handle] = MP_OBJ_TO_PTR(fun);
        return fun;
    }
    tk_proxy_t *proxy = m_malloc_with_finaliser(sizeof(tk_proxy_t));
    proxy->base.type = (const mp_obj_type_t *)&types[class_id]->type;
    proxy->handle = handle;
    proxies[handle] = proxy;
    return MP_OBJ_FROM_PTR(proxy);
}

STATIC mp_obj_t proxy_del(mp_obj_t self_in) {
    tk_proxy_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->handle != 0 && self->handle < MAX_HANDLES && proxies[self->handle] == self) {
        proxies[self->handle] = NULL;
        tk_release_handle(self->handle);
    }
    self->handle = 0;
    return mp_const_none;
}
STATIC MP_DEFINE_CONST_FUN_OBJ_1(proxy_del_obj, proxy_del);

static tk_type_t *type_of(mp_obj_t obj) {
    return (tk_type_t *)mp_obj_get_type(obj);
}

static int attr_index(tk_type_t *type, qstr name) {
    for (uint16_t i = 0; i < type->n_attrs; i++) {
        if (type->attr_names[i] == name) {
            return i;
        }
    }
    return -1;
}

static mp_obj_t call_special(mp_obj_t self_in, qstr name, size_t n_args, const mp_obj_t *args,
    bool *found) {
    tk_type_t *type = type_of(self_in);
    int index = attr_index(type, name);
    *found = index >= 0;
    if (index < 0) {
        return MP_OBJ_NULL;
    }
    tk_proxy_t *self = MP_OBJ_TO_PTR(self_in);
    return tk_call(self->handle, index, TK_CALL, n_args, args, NULL);
}

STATIC void proxy_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    tk_type_t *type = type_of(self_in);
    if (attr == MP_QSTR___del__) {
        if (tk_in_gc && dest[0] == MP_OBJ_NULL) {
            dest[0] = MP_OBJ_FROM_PTR(&proxy_del_obj);
            dest[1] = self_in;
        }
        return;
    }
    int index = type->has_properties ? attr_index(type, attr) : -1;
    if (index < 0 || (type->attr_kinds[index] != 'p' && type->attr_kinds[index] != 'w')) {
        if (dest[0] == MP_OBJ_NULL) {
            dest[1] = MP_OBJ_SENTINEL;  // methods and constants: the type's dictionary
        }
        return;
    }
    tk_proxy_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] == MP_OBJ_NULL) {
        dest[0] = tk_call(self->handle, index, TK_GET, 0, NULL, NULL);
    } else if (dest[1] != MP_OBJ_NULL && type->attr_kinds[index] == 'w') {
        tk_call(self->handle, index, TK_SET, 1, &dest[1], NULL);
        dest[0] = MP_OBJ_NULL;
    }
}

STATIC void proxy_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    bool found;
    qstr name = kind == PRINT_STR ? MP_QSTR___str__ : MP_QSTR___repr__;
    mp_obj_t text = call_special(self_in, name, 0, NULL, &found);
    if (!found && kind == PRINT_STR) {
        text = call_special(self_in, MP_QSTR___repr__, 0, NULL, &found);
    }
    if (found) {
        size_t len;
        const char *s = mp_obj_str_get_data(text, &len);
        mp_print_strn(print, s, len, 0, 0, 0);
    } else {
        mp_printf(print, "<%q>", type_of(self_in)->type.name);
    }
}

STATIC mp_obj_t proxy_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    tk_type_t *type = type_of(self_in);
    int index = attr_index(type, MP_QSTR___call__);
    if (index < 0) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("'%s' object isn't callable"),
            qstr_str(type->type.name));
    }
    mp_map_t kw;
    mp_map_init_fixed_table(&kw, n_kw, args + n_args);
    return tk_call(((tk_proxy_t *)MP_OBJ_TO_PTR(self_in))->handle, index, TK_CALL, n_args,
        args, &kw);
}

static const qstr binary_names[][2] = {
    {MP_BINARY_OP_ADD, MP_QSTR___add__},
    {MP_BINARY_OP_SUBTRACT, MP_QSTR___sub__},
    {MP_BINARY_OP_MULTIPLY, MP_QSTR___mul__},
    {MP_BINARY_OP_TRUE_DIVIDE, MP_QSTR___truediv__},
    {MP_BINARY_OP_EQUAL, MP_QSTR___eq__},
    {MP_BINARY_OP_LESS, MP_QSTR___lt__},
    {MP_BINARY_OP_CONTAINS, MP_QSTR___contains__},
};

STATIC mp_obj_t proxy_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    for (size_t i = 0; i < MP_ARRAY_SIZE(binary_names); i++) {
        if (binary_names[i][0] == op) {
            bool found;
            mp_obj_t result = call_special(lhs, binary_names[i][1], 1, &rhs, &found);
            if (found && result != MP_OBJ_FROM_PTR(&tk_not_implemented_obj)) {
                return result;
            }
        }
    }
    return MP_OBJ_NULL;  // not supported: MicroPython's own error
}

STATIC mp_obj_t proxy_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    bool found;
    mp_obj_t result = MP_OBJ_NULL;
    if (op == MP_UNARY_OP_LEN) {
        result = call_special(self_in, MP_QSTR___len__, 0, NULL, &found);
    } else if (op == MP_UNARY_OP_HASH) {
        return MP_OBJ_NEW_SMALL_INT(((tk_proxy_t *)MP_OBJ_TO_PTR(self_in))->handle);
    } else if (op == MP_UNARY_OP_BOOL) {
        result = call_special(self_in, MP_QSTR___len__, 0, NULL, &found);
        if (found) {
            return mp_obj_new_bool(mp_obj_get_int(result) != 0);
        }
        return mp_const_true;
    }
    return result;
}

STATIC mp_obj_t proxy_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    bool found;
    mp_obj_t result;
    if (value == MP_OBJ_SENTINEL) {
        result = call_special(self_in, MP_QSTR___getitem__, 1, &index, &found);
    } else if (value == MP_OBJ_NULL) {
        call_special(self_in, MP_QSTR___delitem__, 1, &index, &found);
        result = mp_const_none;
    } else {
        mp_obj_t args[2] = {index, value};
        result = call_special(self_in, MP_QSTR___setitem__, 2, args, &found);
        result = mp_const_none;
    }
    return found ? result : MP_OBJ_NULL;
}

STATIC mp_obj_t proxy_iternext(mp_obj_t self_in) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        bool found;
        mp_obj_t item = call_special(self_in, MP_QSTR___next__, 0, NULL, &found);
        nlr_pop();
        return found ? item : MP_OBJ_STOP_ITERATION;
    }
    if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(MP_OBJ_FROM_PTR(nlr.ret_val))),
        MP_OBJ_FROM_PTR(&mp_type_StopIteration))) {
        return MP_OBJ_STOP_ITERATION;
    }
    nlr_jump(nlr.ret_val);
}

STATIC mp_obj_t proxy_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *iter_buf) {
    (void)iter_buf;
    bool found;
    mp_obj_t iter = call_special(self_in, MP_QSTR___iter__, 0, NULL, &found);
    if (!found) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("'%s' object isn't iterable"),
            mp_obj_get_type_str(self_in));
    }
    return iter;
}

// A host object with a buffer (AudioFrame): read as the firmware's buffer protocol reads it.
// Its bytes are fetched into the board's heap; writing through the buffer is not offered.
STATIC mp_int_t proxy_get_buffer(mp_obj_t self_in, mp_buffer_info_t *info, mp_uint_t flags) {
    if (flags & MP_BUFFER_WRITE) {
        return 1;
    }
    bool found;
    mp_obj_t data = call_special(self_in, MP_QSTR___bytes__, 0, NULL, &found);
    if (!found) {
        return 1;
    }
    size_t len;
    const char *bytes = mp_obj_str_get_data(data, &len);
    info->buf = (void *)bytes;
    info->len = len;
    info->typecode = 'B';
    return 0;
}

STATIC mp_obj_t proxy_make_new(const mp_obj_type_t *type_in, size_t n_args, size_t n_kw,
    const mp_obj_t *args) {
    tk_type_t *type = (tk_type_t *)type_in;
    if (type->ctor_handle == 0) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("cannot create '%q' instances"),
            type->type.name);
    }
    mp_map_t kw;
    mp_map_init_fixed_table(&kw, n_kw, args + n_args);
    return tk_call(type->ctor_handle, TK_NO_ATTR, TK_CALL, n_args, args, &kw);
}

// -- host classes -------------------------------------------------------------------------
bool tk_type_known(uint32_t class_id) {
    return class_id < MAX_CLASSES && types[class_id] != NULL;
}

mp_obj_t tk_type_for(uint32_t class_id) {
    return MP_OBJ_FROM_PTR(&types[class_id]->type);
}

void tk_type_begin(uint32_t class_id, qstr name, size_t n_attrs) {
    if (class_id == 0 || class_id >= MAX_CLASSES || types[class_id] != NULL) {
        mp_raise_msg(&mp_type_MemoryError, MP_ERROR_TEXT("too many board classes"));
    }
    tk_type_t *type = tk_arena_alloc(sizeof(tk_type_t));
    type->type.base.type = &mp_type_type;
    type->type.name = name;
    TK_SET(&type->type, print, proxy_print, SLOT_PRINT);
    TK_SET(&type->type, make_new, proxy_make_new, SLOT_MAKE_NEW);
    TK_SET(&type->type, unary_op, proxy_unary_op, SLOT_UNARY_OP);
    TK_SET(&type->type, attr, proxy_attr, SLOT_ATTR);  // the others if the host declares them
    type->class_id = class_id;
    type->n_attrs = n_attrs;
    type->attr_names = tk_arena_alloc(sizeof(qstr) * (n_attrs + 1));
    type->attr_kinds = tk_arena_alloc(n_attrs + 1);
    type->locals.base.type = &mp_type_dict;
    mp_map_t *map = &type->locals.map;
    map->alloc = n_attrs + 1;
    map->all_keys_are_qstrs = 1;
    map->table = tk_arena_alloc(sizeof(mp_map_elem_t) * map->alloc);
    TK_SET(&type->type, locals_dict, &type->locals, SLOT_LOCALS_DICT);
    map->is_fixed = n_attrs == 0;  // complete: a program cannot add to a board type
    types[class_id] = type;
}

// A host class with __iter__ and/or __next__: iterating asks the host (with only __next__,
// the object is its own iterator).
#if TK_CORE_AT_LEAST(1, 20)
STATIC const mp_getiter_iternext_custom_t proxy_iteration = {proxy_getiter, proxy_iternext};

static void set_iteration(tk_type_t *type) {
    tk_obj_type_t *t = &type->type;
    t->flags &= ~(MP_TYPE_FLAG_ITER_IS_ITERNEXT | MP_TYPE_FLAG_ITER_IS_CUSTOM);
    if (type->has_iter && type->has_next) {
        t->flags |= MP_TYPE_FLAG_ITER_IS_CUSTOM;
        TK_SET(t, iter, &proxy_iteration, SLOT_ITER);
    } else if (type->has_iter) {
        TK_SET(t, iter, proxy_getiter, SLOT_ITER);
    } else {
        t->flags |= MP_TYPE_FLAG_ITER_IS_ITERNEXT;
        TK_SET(t, iter, proxy_iternext, SLOT_ITER);
    }
}
#else
static void set_iteration(tk_type_t *type) {
    type->type.getiter = type->has_iter ? proxy_getiter : mp_identity_getiter;
    type->type.iternext = type->has_next ? proxy_iternext : NULL;
}
#endif

void tk_type_attr(uint32_t class_id, qstr name, char kind, uint16_t index, mp_obj_t value) {
    tk_type_t *type = types[class_id];
    type->attr_names[index] = name;
    type->attr_kinds[index] = kind;
    type->has_properties |= kind == 'p' || kind == 'w';
    if (name == MP_QSTR___call__) {
        TK_SET(&type->type, call, proxy_call, SLOT_CALL);
    } else if (name == MP_QSTR___iter__ || name == MP_QSTR___next__) {
        type->has_iter |= name == MP_QSTR___iter__;
        type->has_next |= name == MP_QSTR___next__;
        set_iteration(type);
    } else if (name == MP_QSTR___bytes__) {
        #if TK_CORE_AT_LEAST(1, 20)
        TK_SET(&type->type, buffer, proxy_get_buffer, SLOT_BUFFER);
        #else
        type->type.buffer_p.get_buffer = proxy_get_buffer;
        #endif
    } else if (name == MP_QSTR___getitem__ || name == MP_QSTR___setitem__ ||
               name == MP_QSTR___delitem__) {
        TK_SET(&type->type, subscr, proxy_subscr, SLOT_SUBSCR);
    } else {
        for (size_t i = 0; i < MP_ARRAY_SIZE(binary_names); i++) {
            if (binary_names[i][1] == name) {
                TK_SET(&type->type, binary_op, proxy_binary_op, SLOT_BINARY_OP);
            }
        }
    }
    if (kind == 'm') {
        value = new_fun(0, index, class_id);
    }
    // Special methods work through the type's slots, as a firmware type's do: only the two
    // a `with` statement looks up by name are attributes too.
    const char *text = qstr_str(name);
    bool special = text[0] == '_' && text[1] == '_' && name != MP_QSTR___enter__ &&
        name != MP_QSTR___exit__;
    if ((kind == 'm' && !special) || kind == 'v') {
        mp_map_lookup(&type->locals.map, MP_OBJ_NEW_QSTR(name),
            MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = value;
    }
    if (index + 1 == type->n_attrs) {
        type->locals.map.is_fixed = 1;
    }
}

void tk_type_end(uint32_t class_id, uint32_t ctor_handle) {
    tk_type_t *type = types[class_id];
    if (type == NULL) {
        mp_raise_msg(&mp_type_MemoryError, MP_ERROR_TEXT("unknown board class"));
    }
    type->ctor_handle = ctor_handle;
}

// -- the board's modules, filled in by the host on first import --------------------------
// Functions the board runs itself although their module is the host's: the clock is the
// board's own (modutime.c), and so is the radio's receive queue (modradio.c).
#if defined(TERAKOYA_BOARD_MICROBIT)
#define TK_NATIVE_OVERRIDES (MP_ARRAY_SIZE(native_overrides))
static const struct {
    qstr module;
    qstr name;
    const void *fun;
} native_overrides[] = {
    {MP_QSTR_microbit, MP_QSTR_sleep, &tk_microbit_sleep_obj},
    {MP_QSTR_microbit, MP_QSTR_running_time, &tk_microbit_running_time_obj},
    {MP_QSTR_radio, MP_QSTR_receive, &tk_radio_receive_obj},
    {MP_QSTR_radio, MP_QSTR_receive_bytes, &tk_radio_receive_bytes_obj},
    {MP_QSTR_radio, MP_QSTR_receive_bytes_into, &tk_radio_receive_bytes_into_obj},
    {MP_QSTR_radio, MP_QSTR_receive_full, &tk_radio_receive_full_obj},
};
#else
#define TK_NATIVE_OVERRIDES (0)
#endif

// Add the board's own functions over the host's (see above).
static void add_overrides(mp_map_t *map, qstr name) {
    #if defined(TERAKOYA_BOARD_MICROBIT)
    for (size_t i = 0; i < TK_NATIVE_OVERRIDES; i++) {
        if (native_overrides[i].module == name) {
            mp_map_lookup(map, MP_OBJ_NEW_QSTR(native_overrides[i].name),
                MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = MP_OBJ_FROM_PTR(native_overrides[i].fun);
        }
    }
    #else
    (void)map;
    (void)name;
    #endif
}

// A module the host does not serve fails to import, as a missing one: it is forgotten
// (not left half made in sys.modules), and ImportError says its name.
NORETURN static void not_served(qstr name) {
    mp_map_lookup(&MP_STATE_VM(mp_loaded_modules_dict).map, MP_OBJ_NEW_QSTR(name),
        MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    mp_raise_msg_varg(&mp_type_ImportError, MP_ERROR_TEXT("no module named '%q'"), name);
}

static void fill_module(mp_obj_module_t *module, qstr name) {
    mp_obj_t arg = MP_OBJ_NEW_QSTR(name);
    mp_obj_t contents = tk_call(TK_SYSTEM_HANDLE, TK_SYS_MODULE, TK_CALL, 1, &arg, NULL);
    if (!mp_obj_is_type(contents, &mp_type_dict)) {
        not_served(name);
    }
    mp_map_t *src = mp_obj_dict_get_map(contents);
    mp_obj_dict_t *globals = tk_arena_alloc(sizeof(mp_obj_dict_t));
    globals->base.type = &mp_type_dict;
    mp_map_t *map = &globals->map;
    map->alloc = src->used + 2 + TK_NATIVE_OVERRIDES;
    map->all_keys_are_qstrs = 1;
    map->table = tk_arena_alloc(sizeof(mp_map_elem_t) * map->alloc);
    mp_map_lookup(map, MP_OBJ_NEW_QSTR(MP_QSTR___name__), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value =
        arg;
    for (size_t i = 0; i < src->alloc; i++) {
        if (mp_map_slot_is_filled(src, i)) {
            qstr key = mp_obj_str_get_qstr(src->table[i].key);
            mp_map_lookup(map, MP_OBJ_NEW_QSTR(key), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value =
                src->table[i].value;
        }
    }
    add_overrides(map, name);
    map->is_fixed = 1;  // as the firmware's modules in ROM: a program cannot change them
    module->globals = globals;
}

// From 1.19 a builtin module's __init__ runs at every import (the core keeps builtins out
// of sys.modules): the host is asked once.
#define TK_MODULE_DEFINE(name, kind) \
    extern mp_obj_module_t tk_mod_##name; \
    STATIC const mp_obj_dict_t tk_init_dict_##name; \
    STATIC mp_obj_t tk_init_##name(void) { \
        if (tk_mod_##name.globals == (mp_obj_dict_t *)&tk_init_dict_##name) { \
            fill_module(&tk_mod_##name, MP_QSTR_##name); \
        } \
        return mp_const_none; \
    } \
    STATIC MP_DEFINE_CONST_FUN_OBJ_0(tk_init_##name##_obj, tk_init_##name); \
    STATIC const mp_rom_map_elem_t tk_init_table_##name[] = { \
        { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_##name) }, \
        { MP_ROM_QSTR(MP_QSTR___init__), MP_ROM_PTR(&tk_init_##name##_obj) }, \
    }; \
    STATIC MP_DEFINE_CONST_DICT(tk_init_dict_##name, tk_init_table_##name); \
    mp_obj_module_t tk_mod_##name = { \
        .base = { &mp_type_module }, \
        .globals = (mp_obj_dict_t *)&tk_init_dict_##name, \
    };

TK_HOST_MODULES(TK_MODULE_DEFINE)

#if TK_CORE_AT_LEAST(1, 19)
// the core's module table collects these (py/makemoduledefs.py)
#define TK_MODULE_REGISTER(name, kind) MP_REGISTER_##kind(MP_QSTR_##name, tk_mod_##name);
TK_HOST_MODULES(TK_MODULE_REGISTER)
#endif

// -- open(): the board's flat filesystem, in the host --------------------------------------
STATIC mp_obj_t tk_open(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {
    return tk_call(TK_SYSTEM_HANDLE, TK_SYS_OPEN, TK_CALL, n_args, args, kw);
}
MP_DEFINE_CONST_FUN_OBJ_KW(tk_builtin_open_obj, 1, tk_open);
