#!/bin/bash
# Inside the throw-away "fresh machine" (fresh-machine.test.ts): Debian bookworm as debootstrap
# makes it, Node 20, this checkout — no redis-server, no docker.io, no dockerd.
set -euo pipefail

# What a machine has and a container lacks: a writable cgroup hierarchy (dockerd makes its
# containers' cgroups there) and a writable /proc/sys.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  umount -l /sys/fs/cgroup
  mount -t cgroup2 -o rw,nosuid,nodev,noexec cgroup2 /sys/fs/cgroup
else
  # cgroup v1: the hierarchies this machine has mounted (the container sees each read-only) are
  # mounted again, writable — never one it has not: a new hierarchy would be the whole machine's,
  # and the machine's own Docker, no longer finding every cgroup of its containers, stops seeing
  # their OOM kills
  mapfile -t mounts < <(awk '$3 == "cgroup" || $3 == "cgroup2" { print $3, $2, $4 }' /proc/mounts)
  umount -l /sys/fs/cgroup
  mount -t tmpfs -o rw,nosuid,nodev,noexec,mode=755 cgroup /sys/fs/cgroup
  for entry in "${mounts[@]}"; do
    read -r type dir options <<<"$entry"
    mkdir -p "$dir"
    if [ "$type" = cgroup2 ]; then
      mount -t cgroup2 -o rw,nosuid,nodev,noexec cgroup2 "$dir"
      continue
    fi
    controllers=$(tr ',' '\n' <<<"$options" | grep -v -x -E 'ro|rw|nosuid|nodev|noexec|relatime' | paste -sd, -)
    # a named hierarchy without controllers (name=systemd) is mounted as "none,name=…"
    case "$controllers" in name=*) controllers="none,$controllers" ;; esac
    mount -t cgroup -o "$controllers" cgroup "$dir"
  done
fi
mount -o remount,rw /proc/sys

# Node 20 as its installers leave it: node and npm on the PATH
ln -sf /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
ln -sf /usr/local/lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx

# The checkout, writable here without a byte written to the host's (an overlay over it).
mkdir -p /app /scratch/upper /scratch/work
mount -t overlay overlay -o lowerdir=/src,upperdir=/scratch/upper,workdir=/scratch/work /app
cd /app
exec node scripts/fresh-machine/drive.mjs
