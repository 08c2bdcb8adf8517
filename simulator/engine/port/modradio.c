// radio's receive functions, run by the board itself on its own copy of the receive queue.
//
// As on the board, packets wait in the board's RAM until the program reads them: the host
// (which decides what the radio hears, and whether the queue has room for it) sends each
// packet it queues as an event, and says when the queue is emptied (on, off, config).  The
// board reads its copy without asking the host, and tells the host how many it took before
// its next frame, so the host's accounting of the queue's room stays exact.  The texts are
// the firmware's (drv_radio.c, modradio.c).

#include <string.h>

#include "py/runtime.h"
#include "py/objstr.h"
#include "hostlink.h"

MP_REGISTER_ROOT_POINTER(mp_obj_t tk_radio_queue);

static bool enabled;
static uint32_t taken;  // packets read since the host was last told

void tk_radio_state(bool on) {
    enabled = on;
    MP_STATE_PORT(tk_radio_queue) = mp_obj_new_list(0, NULL);
}

void tk_radio_push(mp_obj_t packet) {
    if (MP_STATE_PORT(tk_radio_queue) == MP_OBJ_NULL) {
        MP_STATE_PORT(tk_radio_queue) = mp_obj_new_list(0, NULL);
    }
    mp_obj_list_append(MP_STATE_PORT(tk_radio_queue), packet);
}

uint32_t tk_radio_taken(void) {
    uint32_t n = taken;
    taken = 0;
    return n;
}

void tk_radio_untake(uint32_t n) {
    taken += n;
}

// The next packet as (data, rssi, timestamp), or NULL if none has come.
static mp_obj_t *next_packet(void) {
    if (!enabled) {
        mp_raise_ValueError(MP_ERROR_TEXT("radio is not enabled"));
    }
    mp_obj_t queue = MP_STATE_PORT(tk_radio_queue);
    size_t n;
    mp_obj_t *items;
    if (queue == MP_OBJ_NULL) {
        return NULL;
    }
    mp_obj_list_get(queue, &n, &items);
    if (n == 0) {
        return NULL;
    }
    mp_obj_t packet = items[0];
    mp_obj_subscr(queue, MP_OBJ_NEW_SMALL_INT(0), MP_OBJ_NULL);  // del queue[0]
    taken++;
    mp_obj_t *fields;
    mp_obj_tuple_get(packet, &n, &fields);
    return fields;
}

STATIC mp_obj_t radio_receive_bytes(void) {
    mp_obj_t *packet = next_packet();
    return packet == NULL ? mp_const_none : packet[0];
}
MP_DEFINE_CONST_FUN_OBJ_0(tk_radio_receive_bytes_obj, radio_receive_bytes);

STATIC mp_obj_t radio_receive(void) {
    mp_obj_t *packet = next_packet();
    if (packet == NULL) {
        return mp_const_none;
    }
    size_t len;
    const char *data = mp_obj_str_get_data(packet[0], &len);
    if (len < 3 || memcmp(data, "\x01\x00\x01", 3) != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("received packet is not a string"));
    }
    return mp_obj_new_str(data + 3, len - 3);
}
MP_DEFINE_CONST_FUN_OBJ_0(tk_radio_receive_obj, radio_receive);

STATIC mp_obj_t radio_receive_bytes_into(mp_obj_t buffer) {
    mp_buffer_info_t info;
    mp_get_buffer_raise(buffer, &info, MP_BUFFER_WRITE);
    mp_obj_t *packet = next_packet();
    if (packet == NULL) {
        return mp_const_none;
    }
    size_t len;
    const char *data = mp_obj_str_get_data(packet[0], &len);
    memcpy(info.buf, data, len < info.len ? len : info.len);
    return MP_OBJ_NEW_SMALL_INT(len);
}
MP_DEFINE_CONST_FUN_OBJ_1(tk_radio_receive_bytes_into_obj, radio_receive_bytes_into);

STATIC mp_obj_t radio_receive_full(void) {
    mp_obj_t *packet = next_packet();
    return packet == NULL ? mp_const_none : mp_obj_new_tuple(3, packet);
}
MP_DEFINE_CONST_FUN_OBJ_0(tk_radio_receive_full_obj, radio_receive_full);
