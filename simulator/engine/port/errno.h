// <errno.h> as the board's C library numbers the errors.  The micro:bit's port numbers its
// errors itself (MICROPY_USE_INTERNAL_ERRNO), so for it this is just the host C library's file.
// The ESP32 firmware takes them from ESP-IDF's newlib (newlib/libc/include/sys/errno.h), whose
// network numbers differ from Linux's: those are the numbers OSError and errno show there.
// (Only the names MicroPython's py/mperrno.h uses; EWOULDBLOCK is EAGAIN in newlib.)
#include_next <errno.h>

#if defined(TERAKOYA_BOARD_ESP32)
#undef EPERM
#define EPERM 1
#undef ENOENT
#define ENOENT 2
#undef ESRCH
#define ESRCH 3
#undef EINTR
#define EINTR 4
#undef EIO
#define EIO 5
#undef ENXIO
#define ENXIO 6
#undef E2BIG
#define E2BIG 7
#undef ENOEXEC
#define ENOEXEC 8
#undef EBADF
#define EBADF 9
#undef ECHILD
#define ECHILD 10
#undef EAGAIN
#define EAGAIN 11
#undef ENOMEM
#define ENOMEM 12
#undef EACCES
#define EACCES 13
#undef EFAULT
#define EFAULT 14
#undef ENOTBLK
#define ENOTBLK 15
#undef EBUSY
#define EBUSY 16
#undef EEXIST
#define EEXIST 17
#undef EXDEV
#define EXDEV 18
#undef ENODEV
#define ENODEV 19
#undef ENOTDIR
#define ENOTDIR 20
#undef EISDIR
#define EISDIR 21
#undef EINVAL
#define EINVAL 22
#undef ENFILE
#define ENFILE 23
#undef EMFILE
#define EMFILE 24
#undef ENOTTY
#define ENOTTY 25
#undef ETXTBSY
#define ETXTBSY 26
#undef EFBIG
#define EFBIG 27
#undef ENOSPC
#define ENOSPC 28
#undef ESPIPE
#define ESPIPE 29
#undef EROFS
#define EROFS 30
#undef EMLINK
#define EMLINK 31
#undef EPIPE
#define EPIPE 32
#undef EDOM
#define EDOM 33
#undef ERANGE
#define ERANGE 34
#undef EOPNOTSUPP
#define EOPNOTSUPP 95
#undef ECONNRESET
#define ECONNRESET 104
#undef ENOBUFS
#define ENOBUFS 105
#undef EAFNOSUPPORT
#define EAFNOSUPPORT 106
#undef ECONNREFUSED
#define ECONNREFUSED 111
#undef EADDRINUSE
#define EADDRINUSE 112
#undef ECONNABORTED
#define ECONNABORTED 113
#undef ETIMEDOUT
#define ETIMEDOUT 116
#undef EHOSTUNREACH
#define EHOSTUNREACH 118
#undef EINPROGRESS
#define EINPROGRESS 119
#undef EALREADY
#define EALREADY 120
#undef EISCONN
#define EISCONN 127
#undef ENOTCONN
#define ENOTCONN 128
#undef ECANCELED
#define ECANCELED 140
#undef EWOULDBLOCK
#define EWOULDBLOCK 11
#endif
