# The step runner's image (INTERFLOW_RUNTIME=docker): ONE self-contained ESM file, every dependency
# bundled into it — and JSONata's one file beside it, for the expression evaluator. Built by `npm run docker:images`
# (scripts/docker-images.mjs), whose build context is docker/.build/runner (runner.mjs and its map).
# BASE_IMAGE: node:20-slim when the daemon has it, else interflow/node-base:<version> imported from
# this machine's own Node binary: that base has no shell, so nothing here may RUN.
ARG BASE_IMAGE=node:20-slim
FROM ${BASE_IMAGE}

# the first 12 hex digits of sha256(bundle + map + this file + base image id): the image's tag too
ARG BUNDLE_HASH=unknown
LABEL org.opencontainers.image.title=interflow-runner \
      interflow.bundle-hash=${BUNDLE_HASH}

ENV NODE_ENV=production
WORKDIR /opt/interflow
# owned by root, so the runner cannot change its own code
COPY runner.mjs runner.mjs.map /opt/interflow/
# JSONata as a file too: expressions are evaluated in a child process that loads it from here
COPY node_modules/jsonata/ /opt/interflow/node_modules/jsonata/

# numeric: node:20-slim has no user 10001 and the imported base no useradd; both run it as is
USER 10001:10001
ENTRYPOINT ["node", "--enable-source-maps", "/opt/interflow/runner.mjs"]
