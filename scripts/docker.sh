#!/usr/bin/env bash
# Builds Merit's Docker image, `merit:local`, from the binaries scripts/build.sh made, so
# Substrate is compiled once (docs/docker.md). Installs what is missing first, idempotently:
# Debian's Docker engine (docker.io), docker-compose and debootstrap; starts dockerd if no
# engine answers; and, where no registry can be reached, makes the `debian:bookworm-slim` base
# image locally (debootstrap's minimal bookworm, imported and tagged as the Dockerfile names
# it), once per machine.
#
#   scripts/docker.sh            the image from target/release (run scripts/build.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
need_apt=()
for package in docker.io docker-compose debootstrap; do
  dpkg -s "$package" >/dev/null 2>&1 || need_apt+=("$package")
done
bash scripts/apt-install.sh ${need_apt[@]+"${need_apt[@]}"}

# A client that builds with BuildKit (only the Dockerfile's chosen stage runs): Docker's own
# with buildx, else Debian's (its engine has BuildKit built in).
docker=docker
if ! docker buildx version >/dev/null 2>&1; then
  docker=/usr/bin/docker
fi

if ! $docker info >/dev/null 2>&1; then
  echo "docker: starting dockerd (log: target/dockerd.log)"
  mkdir -p target
  # In a session of its own: the test that may start it is killed with its whole process
  # group when it fails, and dockerd must outlive it to take its containers down.
  $SUDO setsid nohup dockerd >target/dockerd.log 2>&1 </dev/null &
  for _ in $(seq 60); do
    $docker info >/dev/null 2>&1 && break
    sleep 1
  done
  $docker info >/dev/null 2>&1 || { echo "docker: dockerd did not start" >&2; tail target/dockerd.log >&2; exit 1; }
fi

if ! $docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  if ! timeout 120 $docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
    echo "docker: no registry answers; making debian:bookworm-slim with debootstrap"
    rootfs=$(mktemp -d)
    trap '$SUDO rm -rf "$rootfs"' EXIT
    # With what the image's last stage would install (libssl3, ca-certificates), so that
    # stage needs no package mirror from inside a container.
    timeout 20m $SUDO debootstrap --variant=minbase --include=libssl3,ca-certificates \
      bookworm "$rootfs" >target/debootstrap.log 2>&1 \
      || { tail target/debootstrap.log >&2; exit 1; }
    $SUDO tar -C "$rootfs" -c . | $docker import - debian:bookworm-slim >/dev/null
  fi
fi

for bin in merit-node merit-miner merit-validator merit-demo; do
  [ -x "target/release/$bin" ] || { echo "docker: target/release/$bin is missing: run scripts/build.sh" >&2; exit 1; }
done
start=$(date +%s)
DOCKER_BUILDKIT=1 $docker build -q -f docker/Dockerfile --build-arg BINARIES=prebuilt -t merit:local . >/dev/null
echo "docker: built merit:local in $(( $(date +%s) - start )) s"
