// The board's own modules, served by the host (utime is the port's own: modutime.c).  Each name here becomes a builtin module
// whose contents the host sends the first time a program imports it (hostobj.c).
#ifndef TERAKOYA_TK_BOARD_H
#define TERAKOYA_TK_BOARD_H

#if defined(TERAKOYA_BOARD_MICROBIT)
#define TK_HOST_MODULES(X) \
    X(microbit) X(music) X(audio) X(speech) X(radio) X(log) X(power) X(machine) \
    X(neopixel) X(os) X(urandom) X(love) X(this) X(antigravity)
#else
#error "Terakoya: build with -DTERAKOYA_BOARD_<NAME>=1 for a known board"
#endif

#define TK_MODULE_DECL(name) extern struct _mp_obj_module_t tk_mod_##name;
TK_HOST_MODULES(TK_MODULE_DECL)

#define TK_MODULE_ENTRY(name) { MP_ROM_QSTR(MP_QSTR_##name), MP_ROM_PTR(&tk_mod_##name) },
#define TK_HOST_MODULE_ENTRIES TK_HOST_MODULES(TK_MODULE_ENTRY) \
    { MP_ROM_QSTR(MP_QSTR_utime), MP_ROM_PTR(&tk_utime_module) },
extern const struct _mp_obj_module_t tk_utime_module;

#endif
