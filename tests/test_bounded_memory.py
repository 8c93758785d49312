"""What a long-running process holds is bounded by limits, not by how much it has read: no cache of the package
grows without a limit (`functools.cache`, `lru_cache(maxsize=None)`), whatever module it is in."""
import functools
import importlib
import pkgutil

import svodka


def _module_caches():
    for info in pkgutil.walk_packages(svodka.__path__, "svodka."):
        module = importlib.import_module(info.name)
        for attr, obj in vars(module).items():
            if isinstance(obj, functools._lru_cache_wrapper) and obj.__module__ == info.name:
                yield f"{info.name}.{attr}", obj
        for cls in (o for o in vars(module).values() if isinstance(o, type) and o.__module__ == info.name):
            for attr, obj in vars(cls).items():
                fn = obj.__func__ if isinstance(obj, (staticmethod, classmethod)) else obj
                if isinstance(fn, functools._lru_cache_wrapper):
                    yield f"{info.name}.{cls.__name__}.{attr}", fn


def test_every_cache_of_the_package_has_a_limit():
    caches = dict(_module_caches())
    assert len(caches) > 20  # the walk found the package's caches (words, terms, normalisation, …)
    unbounded = [name for name, fn in caches.items() if fn.cache_info().maxsize is None]
    assert unbounded == []
