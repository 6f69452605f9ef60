#!/usr/bin/env bash
# Load benchmark: the same as `./ownkms bench "$@"` (installs wrk, nginx-light, gnuplot-nox when
# missing, builds the server when its sources changed). --help lists the options.
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/ownkms" bench "$@"
