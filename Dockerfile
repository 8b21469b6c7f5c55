# syntax=docker/dockerfile:1.23
#
# JupyterLab with the "Go (gd)" kernel and this project's notebooks.
#
#   docker build -t descent .
#   docker run --rm -p 127.0.0.1:8888:8888 descent   # open the 127.0.0.1 URL it logs (it carries the token)
#
# docs/docker.md covers mounting your own folder, running the reports in the
# container, and serving the image to a class with JupyterHub.
# kernel/dockerfile_test.go checks this file (go run ./kernel test runs it).

# Jupyter Docker Stacks' base-notebook, the build of 2026-07-28, by digest:
# Ubuntu 24.04 with conda's Python 3.13. It brings the unprivileged notebook
# user (NB_UID 1000, "jovyan"), the start scripts, token authentication and a
# health check script. The install below replaces its Jupyter packages with
# the versions kernel/requirements.lock pins (hash-checked), so the image
# serves the same JupyterLab CI tests.
#
# Evidence that this tag and digest exist (no registry is reachable where
# this project is built and tested, so they are cited, not pulled):
# docker-stacks' own binder/Dockerfile and examples/make-deploy/Dockerfile
# pin exactly this reference since their commit 50b36d26 ("Update example
# image", 2026-07-29), and its README and docs/using/running.md run the
# 2026-07-28 build of the images built on it. Its build-log wiki
# (github.com/jupyter/docker-stacks/wiki, pages 2026-07 and 2026-08) lists
# the builds of those weeks, all Python 3.13 on Ubuntu 24.04.
#
# To move to a newer build: pick a date tag from that wiki's page for the
# month (or from the examples of docker-stacks' main branch), then
#   docker buildx imagetools inspect quay.io/jupyter/base-notebook:<date>
# and copy the "Digest:" line (the multi-platform index, so amd64 and arm64
# both resolve) into the FROM line below with the tag; rebuild; run the
# reports in the container (docs/docker.md). kernel/dockerfile_test.go
# insists on a dated tag and a digest.
FROM quay.io/jupyter/base-notebook:2026-07-28@sha256:a8b2611c4c380dde6159f9963ee4f294373a0b214958987b7b469d312287c4ef

USER root

# A C compiler for cgo: gd's random generators call the C library's log, sin
# and cos, as PyTorch does, so the image draws the same numbers as CI.
RUN apt-get update --yes && \
    apt-get install --yes --no-install-recommends gcc libc6-dev && \
    apt-get clean && rm -rf /var/lib/apt/lists/*

# Go, pinned to go.mod's toolchain line, from the official archive, checked
# against its published SHA-256 before anything in it is unpacked or run.
ARG TARGETARCH
ARG GO_VERSION=1.26.8
ARG GO_SHA256_AMD64=d0f743b33e8d8945e6b1f432edd15785c70507121d6e2a723b21285eddf8b57b
ARG GO_SHA256_ARM64=211ffced9dcb9633a55eac6364816ec0ddd951389a740e88fa8b3337971bdda0
RUN arch="${TARGETARCH:-amd64}" && \
    case "${arch}" in \
        amd64) sum="${GO_SHA256_AMD64}" ;; \
        arm64) sum="${GO_SHA256_ARM64}" ;; \
        *) echo "no pinned Go checksum for ${arch}" >&2; exit 1 ;; \
    esac && \
    wget --quiet --output-document=/tmp/go.tar.gz "https://go.dev/dl/go${GO_VERSION}.linux-${arch}.tar.gz" && \
    echo "${sum}  /tmp/go.tar.gz" | sha256sum --check --strict - && \
    tar --directory=/opt --extract --gzip --file=/tmp/go.tar.gz && \
    rm /tmp/go.tar.gz && \
    test "$(/opt/go/bin/go env GOVERSION)" = "go${GO_VERSION}"

# Go's module and build caches live outside $HOME, because JupyterHub mounts a
# volume over /home/jovyan and would hide a cache baked there. GOTOOLCHAIN=local
# keeps the go command from fetching another toolchain. GD_VENV points the
# kernel command at the image's conda environment instead of a project .venv.
ENV PATH="/opt/go/bin:${PATH}" \
    GOPATH=/opt/gopath \
    GOMODCACHE=/opt/gopath/pkg/mod \
    GOCACHE=/opt/gocache \
    GOTOOLCHAIN=local \
    CGO_ENABLED=1 \
    GD_VENV="${CONDA_DIR}"
RUN mkdir -p /opt/gopath /opt/gocache /opt/descent && \
    chown "${NB_UID}:${NB_GID}" /opt/gopath /opt/gocache /opt/descent

# A start hook (docker-stacks runs before-notebook.d before Jupyter) puts a copy
# of the notebooks in the home folder JupyterLab opens, on first start only. It
# runs at start-up rather than at build time because JupyterHub's home volume
# hides whatever the image put in /home/jovyan; an existing folder is never
# touched, so edits survive restarts and upgrades. It signs the copies with the
# user's own notebook key (jupyter trust) so the scripts of saved chart outputs
# run. Signing at build time would ship that key to everyone who pulls the image.
COPY --chmod=0755 <<"EOF" /usr/local/bin/before-notebook.d/60-gd-notebooks
#!/bin/bash
set -euo pipefail
src=/opt/descent/notebooks
dst="/home/${NB_USER}/descent"
if [[ -e "${dst}" ]]; then
    exit 0
fi
mkdir -p "${dst}"
cp -R "${src}/." "${dst}/"
find "${dst}" -name '*.go' -delete
as_user=()
if [[ "$(id -u)" == 0 ]]; then
    chown -R "${NB_UID}:${NB_GID}" "${dst}"
    as_user=(runuser -u "${NB_USER}" --)
fi
find "${dst}" -name '*.ipynb' -exec "${as_user[@]}" "${CONDA_DIR}/bin/jupyter" trust {} +
echo "gd: copied the notebooks to ${dst}"
EOF

USER ${NB_UID}
WORKDIR /opt/descent

# The setup CI runs (go run ./kernel test does it first), through the same
# command: pip installs kernel/requirements.lock into the conda environment
# with --require-hashes (every file checked against the lock's SHA-256),
# GoNB, goimports and gopls are built at go.mod's versions, and the "gd"
# kernelspec is registered under /opt/conda/share/jupyter, where the image's
# JupyterLab and jupyterhub-singleuser find it. Only what this step reads is
# copied first, so editing a notebook or gd reuses this layer.
COPY --chown=${NB_UID}:${NB_GID} go.mod go.sum ./
COPY --chown=${NB_UID}:${NB_GID} kernel/ kernel/
COPY --chown=${NB_UID}:${NB_GID} internal/ internal/
RUN PIP_NO_CACHE_DIR=1 GD_VENV="${CONDA_DIR}" go run ./kernel install -prefix "${CONDA_DIR}" -no-warm && \
    go clean -cache && \
    test -f "${CONDA_DIR}/share/jupyter/kernels/gd/kernel.json" && \
    fix-permissions "${CONDA_DIR}"

# The whole module, then the same command again: the venv and tools are up to
# date, so it only re-registers the kernel and compiles gd and display into the
# build cache, which makes a notebook's first cell start in seconds.
COPY --chown=${NB_UID}:${NB_GID} . ./
RUN GD_VENV="${CONDA_DIR}" go run ./kernel install -prefix "${CONDA_DIR}" && \
    fix-permissions /opt/gocache /opt/descent

# docker-stacks' check: the Jupyter server started by the image answers on /api.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/etc/jupyter/docker_healthcheck.py"]

# Jupyter starts as the base image starts it (start-notebook.py: JupyterLab on
# port 8888, token authentication on), as the unprivileged notebook user.
USER ${NB_UID}
WORKDIR ${HOME}
