"""uasyncio: the old name of asyncio; every attribute comes from asyncio when first used."""


def __getattr__(attr):
    import asyncio
    return getattr(asyncio, attr)
