#!/usr/bin/env bash
# Builds the Debian package with cargo-deb (installed with cargo when it is
# missing) and checks what it holds: the binary, the man pages, the three
# shells' completions, the docs and licence, the example systemd units and
# the maintainer scripts; then runs the packaged binary's --version.
#
#   packaging/deb.sh            # prints the .deb's path on its last line
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-deb >/dev/null; then
  echo "== installing cargo-deb (once; a few minutes)"
  cargo install cargo-deb --locked
fi

echo "== cargo build --release"
cargo build --release --locked
echo "== cargo deb"
cargo deb --no-build --locked >/dev/null
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
deb=$(ls -t target/debian/deflect_"$version"-*.deb | head -1)

echo "== checking $deb"
contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./|/|')
missing=0
expect() {
  if ! grep -qx "$1" <<<"$contents"; then
    echo "missing from the package: $1"
    missing=1
  fi
}
expect /usr/bin/deflect
for page in man/*.1; do
  expect "/usr/share/man/man1/$(basename "$page").gz"
done
expect /usr/share/bash-completion/completions/deflect
expect /usr/share/zsh/vendor-completions/_deflect
expect /usr/share/fish/vendor_completions.d/deflect.fish
for doc in README.md CHANGELOG.md LICENSE CLI.md FORMAT.md copyright; do
  expect "/usr/share/doc/deflect/$doc"
done
for example in deflect-nightly.service deflect-nightly.timer config.toml; do
  expect "/usr/share/doc/deflect/examples/$example"
done
# Examples only: nothing is enabled or installed where systemd looks.
if grep -q '^/lib/systemd\|^/usr/lib/systemd\|^/etc/systemd' <<<"$contents"; then
  echo "the package installs systemd units; they must be examples only"
  missing=1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb --control "$deb" "$work/control"
for script in postinst postrm; do
  [ -x "$work/control/$script" ] || { echo "missing maintainer script: $script"; missing=1; }
done
grep -q 'groupadd --system deflect' "$work/control/postinst" || { echo "postinst makes no deflect group"; missing=1; }
grep -q 'chmod 2770 /var/lib/deflect' "$work/control/postinst" || { echo "postinst makes no /var/lib/deflect"; missing=1; }

dpkg-deb --extract "$deb" "$work/root"
# The packaged man page is the checked-in one.
cmp <(gzip -dc "$work/root/usr/share/man/man1/deflect.1.gz") man/deflect.1 \
  || { echo "the packaged deflect(1) differs from man/deflect.1"; missing=1; }
echo "== $work/root/usr/bin/deflect --version"
"$work/root/usr/bin/deflect" --version
"$work/root/usr/bin/deflect" --version | grep -q "^deflect $version" \
  || { echo "the packaged binary does not say version $version"; missing=1; }

[ "$missing" = 0 ] || { echo "FAILED: $deb"; exit 1; }
echo "ok: $deb ($(du -h "$deb" | cut -f1))"
echo "$deb"
