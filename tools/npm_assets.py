"""Front-end packages the exported page embeds (and the checker the tests run on it),
fetched from npm at build time.

The page must work offline from ``file://``, so nothing may be loaded from a
CDN when it is viewed; instead each package is downloaded once with
``npm pack`` (exact versions, so two builds embed the same bytes), unpacked
under ``build/npm/`` (git-ignored) and reused by later builds.
"""

import subprocess
import tarfile

from .run_chapter import BUILD

# Exact pins, so that two builds embed the same bytes.
PACKAGES = {
    "katex": "0.19.1",
    "axe-core": "4.14.1",  # not embedded: the WCAG check the tests run on every page
}


class AssetError(RuntimeError):
    """An npm package could not be fetched (no npm, or no registry)."""


def npm(args, cwd, timeout=600):
    """``npm *args`` in ``cwd``; an ``AssetError`` with npm's message if it fails."""
    try:
        done = subprocess.run(
            ["npm", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
        )
    except FileNotFoundError as error:
        raise AssetError("npm is needed to fetch the page's front-end packages") from error
    if done.returncode != 0:
        raise AssetError(f"npm {' '.join(args)} in {cwd} failed:\n{done.stderr.strip()}")
    return done


def package_dir(name, build_dir=BUILD):
    """The unpacked package ``name`` at its pinned version, downloading it if needed."""
    version = PACKAGES[name]
    target = build_dir / "npm" / f"{name.replace('/', '__')}@{version}"
    if (target / "package" / "package.json").exists():
        return target / "package"
    target.mkdir(parents=True, exist_ok=True)
    done = npm(["pack", "--silent", f"{name}@{version}"], target, timeout=300)
    tarball = target / done.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    tarball.unlink()
    return target / "package"
