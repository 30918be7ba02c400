#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded here: `prisma generate`
# only needs the file to exist; any migrate command fails loudly instead of "succeeding" silently.
echo "the native Prisma schema engine is not available offline; see /work/shared/design/PRISMA-OFFLINE.md" >&2
exit 1
