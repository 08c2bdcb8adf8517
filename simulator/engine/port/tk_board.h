// The board's own modules, served by the host.  Each name here becomes a builtin module
// whose contents the host sends the first time a program imports it (hostobj.c); a module
// the host does not serve fails to import with ImportError, as a missing one does.
// X(name, kind): kind is MODULE, or EXTENSIBLE_MODULE for one a file of the same name may
// replace (1.19 and later; `import ufoo` then still finds the builtin foo, as on the board).
// time (utime on the micro:bit) is the port's own: modutime.c.
#ifndef TERAKOYA_TK_BOARD_H
#define TERAKOYA_TK_BOARD_H

#if defined(TERAKOYA_BOARD_MICROBIT)
#define TK_HOST_MODULES(X) \
    X(microbit, MODULE) X(music, MODULE) X(audio, MODULE) X(speech, MODULE) X(radio, MODULE) \
    X(log, MODULE) X(power, MODULE) X(machine, MODULE) X(neopixel, MODULE) X(os, MODULE) \
    X(urandom, MODULE) X(love, MODULE) X(this, MODULE) X(antigravity, MODULE)
#elif defined(TERAKOYA_BOARD_ESP32)
#define TK_HOST_MODULES(X) \
    X(machine, EXTENSIBLE_MODULE) X(esp, MODULE) X(esp32, MODULE) X(network, MODULE) \
    X(socket, EXTENSIBLE_MODULE) X(os, EXTENSIBLE_MODULE) X(random, EXTENSIBLE_MODULE) \
    X(select, EXTENSIBLE_MODULE) X(binascii, EXTENSIBLE_MODULE) \
    X(hashlib, EXTENSIBLE_MODULE) X(framebuf, EXTENSIBLE_MODULE) X(_onewire, MODULE) \
    X(tls, MODULE) X(ssl, MODULE)
#else
#error "Terakoya: build with -DTERAKOYA_BOARD_<NAME>=1 for a known board"
#endif

#if !TK_CORE_AT_LEAST(1, 19)
// 1.18: the port's entries of the core's module table (MICROPY_PORT_BUILTIN_MODULES); from
// 1.19 on, hostobj.c and modutime.c register them (the core's moduledefs.h declares them)
#define TK_MODULE_DECL(name, kind) extern struct _mp_obj_module_t tk_mod_##name;
TK_HOST_MODULES(TK_MODULE_DECL)

#define TK_MODULE_ENTRY(name, kind) { MP_ROM_QSTR(MP_QSTR_##name), MP_ROM_PTR(&tk_mod_##name) },
#define TK_HOST_MODULE_ENTRIES TK_HOST_MODULES(TK_MODULE_ENTRY) \
    { MP_ROM_QSTR(MP_QSTR_utime), MP_ROM_PTR(&tk_utime_module) },
extern const struct _mp_obj_module_t tk_utime_module;
#endif

#endif
