#!/usr/bin/env bash
# Builds the paxman-edge Debian package with dpkg-deb (README, "Running on the Linux board").
#
#   src/packaging/build-deb.sh [--out DIR] [--arch amd64|arm64] [--fast] [--framework-dependent] [--version V]
#
# Publishes src/Paxman.Edge.Service self-contained and ReadyToRun for the architecture (linux-x64 or linux-arm64),
# lays out the package tree, and writes DIR/paxman-edge_VERSION_ARCH.deb (DIR defaults to src/packaging/out).
# --fast compresses with xz -1 instead of -6 (about 10 s instead of 100 s here, 13 % larger): for tests.
# --framework-dependent skips the bundled runtime and ReadyToRun (quicker; the board then needs .NET installed):
# for trying the packaging itself, never for a unit.
# --version V builds the package and the program as version V instead of Directory.Build.props' <Version> (the
# upgrade test's next release, built from the same tree).
# Prints the path of the package on its last line.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/out"
arch=amd64
self_contained=true
level=6
version=

while [ $# -gt 0 ]; do
    case "$1" in
        --out) out=$2; shift 2 ;;
        --out=*) out=${1#--out=}; shift ;;
        --arch) arch=$2; shift 2 ;;
        --arch=*) arch=${1#--arch=}; shift ;;
        --fast) level=1; shift ;;
        --framework-dependent) self_contained=false; shift ;;
        --version) version=$2; shift 2 ;;
        --version=*) version=${1#--version=}; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-deb.sh: unknown argument '$1'; see --help" >&2; exit 2 ;;
    esac
done

case "$arch" in
    amd64) rid=linux-x64 ;;
    arm64) rid=linux-arm64 ;;
    *) echo "build-deb.sh: --arch $arch: use amd64 or arm64" >&2; exit 2 ;;
esac

for tool in dotnet dpkg-deb gzip; do
    command -v "$tool" >/dev/null || { echo "build-deb.sh: $tool is not installed" >&2; exit 3; }
done

if [ -z "$version" ]; then
    version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)
    [ -n "$version" ] || { echo "build-deb.sh: no <Version> in Directory.Build.props" >&2; exit 3; }
fi
# A Debian version that is also a .NET one: digits and dots, then an optional -suffix of letters, digits and dots.
[[ "$version" =~ ^[0-9]+(\.[0-9]+){1,3}(-[0-9A-Za-z.]+)?$ ]] \
    || { echo "build-deb.sh: --version $version: use digits and dots, e.g. 0.1.1" >&2; exit 2; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/paxman-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
pkg="$work/pkg"
app="$pkg/usr/lib/paxman-edge"

# 1. Publish. Its own artifacts folder keeps this build's obj/ and bin/ apart from the developer's Debug build.
publish=(dotnet publish "$root/src/Paxman.Edge.Service" -c Release -r "$rid" -o "$app" --artifacts-path "$work/artifacts"
         -nologo -clp:ErrorsOnly -p:DebugType=none -p:GenerateDocumentationFile=false "-p:Version=$version")
if [ "$self_contained" = true ]; then
    publish+=(--self-contained true -p:PublishReadyToRun=true)
else
    publish+=(--self-contained false)
fi
"${publish[@]}" >&2

# 2. The package tree: the service, its unit, its udev rules, the configuration (a conffile) and the data folder.
install -d -m 0755 "$pkg/DEBIAN" "$pkg/etc/paxman-edge" "$pkg/lib/systemd/system" "$pkg/lib/udev/rules.d" \
    "$pkg/usr/share/doc/paxman-edge" "$pkg/var/lib/paxman-edge"
install -m 0644 "$here/appsettings.json" "$pkg/etc/paxman-edge/appsettings.json"
install -m 0644 "$here/paxman-edge.service" "$pkg/lib/systemd/system/paxman-edge.service"
install -m 0644 "$here/60-paxman-edge.rules" "$pkg/lib/udev/rules.d/60-paxman-edge.rules"
install -m 0644 "$here/debian/copyright" "$pkg/usr/share/doc/paxman-edge/copyright"
install -d -m 0755 "$pkg/usr/share/lintian/overrides"
install -m 0644 "$here/debian/lintian-overrides" "$pkg/usr/share/lintian/overrides/paxman-edge"
gzip -9n -c "$here/debian/changelog" > "$pkg/usr/share/doc/paxman-edge/changelog.gz"
chmod 0644 "$pkg/usr/share/doc/paxman-edge/changelog.gz"

# Native libraries that NuGet packages ship with their symbols (SQLite's libe_sqlite3.so): stripped as Debian policy
# wants. binutils' strip reads the build machine's architecture; for a foreign one, an aarch64 strip if installed.
strip_tool=strip
[ "$arch" = arm64 ] && [ "$(dpkg --print-architecture 2>/dev/null)" != arm64 ] && strip_tool=aarch64-linux-gnu-strip
if command -v "$strip_tool" >/dev/null; then
    find "$app" -name '*.so' -type f -exec "$strip_tool" --strip-unneeded {} +
fi

# Modes as Debian policy wants them: 0755 folders and programs, 0644 for the rest (shared libraries included).
find "$pkg" -type d -exec chmod 0755 {} +
find "$app" -type f -exec chmod 0644 {} +
for program in Paxman.Edge.Service createdump; do
    [ -f "$app/$program" ] && chmod 0755 "$app/$program"
done

# 3. Control files.
size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" "$here/debian/control.in" > "$pkg/DEBIAN/control"
install -m 0644 "$here/debian/conffiles" "$pkg/DEBIAN/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "$here/debian/$script" "$pkg/DEBIAN/$script"
done
(cd "$pkg" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
    | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/md5sums"

# 4. The package, every file owned by root:root whoever builds it.
deb="$out/paxman-edge_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz "-z$level" --build "$pkg" "$deb" >&2
echo "$deb"
