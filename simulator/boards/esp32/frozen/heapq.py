"""heapq: a min-heap kept in a plain list (MicroPython's C module on the board).

Only heappush, heappop and heapify, as on the firmware; the list's layout after each call is
the same as the firmware's (and CPython's), since the same sifting order is used.
"""


def _check(heap):
    if type(heap) is not list:
        raise TypeError('heap must be a list')


def _sift_down(heap, start, pos):
    """Move the item at ``pos`` towards ``start`` while it is smaller than its parent."""
    item = heap[pos]
    while pos > start:
        parent = (pos - 1) >> 1
        above = heap[parent]
        if item < above:
            heap[pos] = above
            pos = parent
        else:
            break
    heap[pos] = item


def _sift_up(heap, pos):
    """Fill the hole at ``pos`` by moving the smaller child up down to a leaf, then settle."""
    end = len(heap)
    start = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < end:
        right = child + 1
        if right < end and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _sift_down(heap, start, pos)


def heappush(heap, item):
    """Add ``item`` to the heap."""
    _check(heap)
    heap.append(item)
    _sift_down(heap, 0, len(heap) - 1)


def heappop(heap):
    """Remove and return the smallest item."""
    _check(heap)
    if not heap:
        raise IndexError('empty heap')
    last = heap.pop()
    if not heap:
        return last
    smallest = heap[0]
    heap[0] = last
    _sift_up(heap, 0)
    return smallest


def heapify(x):
    """Rearrange the list ``x`` into a heap, in place."""
    _check(x)
    for i in range(len(x) // 2 - 1, -1, -1):
        _sift_up(x, i)
