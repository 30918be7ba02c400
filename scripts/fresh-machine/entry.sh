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
  umount -l /sys/fs/cgroup
  mount -t tmpfs -o rw,nosuid,nodev,noexec,mode=755 cgroup /sys/fs/cgroup
  for controller in cpu cpuacct cpuset memory devices freezer blkio pids net_cls net_prio perf_event hugetlb; do
    mkdir -p "/sys/fs/cgroup/$controller"
    mount -t cgroup -o "$controller" cgroup "/sys/fs/cgroup/$controller" 2>/dev/null || rmdir "/sys/fs/cgroup/$controller"
  done
  mkdir -p /sys/fs/cgroup/systemd
  mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
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
