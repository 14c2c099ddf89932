#!/bin/sh
# Sets up a Debian gate PC from this repository checkout: Debian packages, the gatecast users, the app
# in /opt/gatecast with its npm packages, built UI and compiled controller, the systemd units, the udev
# template, journald bounds, the USB serial drivers at boot. Idempotent: run it again after `git pull`
# to upgrade; it never overwrites the settings in /etc/gatecast or an edited udev rule.
# Usage: sudo sh firmware-config/provisioning/install.sh [--no-kiosk] [--screen <screen id>]
# --screen: this PC drives the gate's big LED screen (gatecast-screen.service) instead of a kiosk.
set -eu

APP_DIR=${GATECAST_APP_DIR:-/opt/gatecast}
STATE_DIR=/var/lib/gatecast
ETC_DIR=/etc/gatecast
KIOSK=yes
SCREEN=

NEXT_IS_SCREEN=no
for arg in "$@"; do
  if [ "$NEXT_IS_SCREEN" = yes ]; then
    SCREEN=$arg
    NEXT_IS_SCREEN=no
    continue
  fi
  case "$arg" in
    --no-kiosk) KIOSK=no ;;
    --screen) NEXT_IS_SCREEN=yes ;;
    --screen=*) SCREEN=${arg#--screen=} ;;
    -h | --help)
      sed -n '2,7p' "$0"
      exit 0
      ;;
    *)
      echo "install.sh: unknown option $arg" >&2
      exit 2
      ;;
  esac
done

[ "$NEXT_IS_SCREEN" = no ] || { echo "install.sh: --screen needs the screen's id (screens[].id of the site file)" >&2; exit 2; }
if [ -n "$SCREEN" ]; then
  case "$SCREEN" in
    *[!a-z0-9-]* | -*) echo "install.sh: --screen $SCREEN: expected a screen id (a-z, 0-9, -)" >&2; exit 2 ;;
  esac
  # The screen's browser is the kiosk's (packages, user, policy); only its unit differs.
  [ "$KIOSK" = yes ] || { echo "install.sh: --screen needs the kiosk browser: drop --no-kiosk" >&2; exit 2; }
fi

say() { printf '\n• %s\n' "$*"; }
die() {
  printf '\ninstall.sh: %s\n' "$*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || die "run it as root: sudo sh $0"
command -v apt-get >/dev/null 2>&1 || die "this script is for Debian (apt-get not found)"

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
if [ ! -f "$REPO/package.json" ] || [ ! -f "$REPO/bin/gatecast.js" ]; then
  die "run it from a gatecast checkout ($REPO)"
fi

say "Debian packages"
# ffmpeg: the controller probes uploaded videos (ffprobe) and cuts their poster frames.
# chromium-headless-shell: the controller prints reports to PDF with it, at a gate and at a central
# office (--no-kiosk) alike. Not the kiosk's full chromium: the kiosk's policy (below) applies to every
# full Chromium on the PC and refuses headless printing; the shell reads no policy.
PACKAGES="ca-certificates python3 make g++ socat rsync util-linux kmod ffmpeg chromium chromium-headless-shell"
if [ "$KIOSK" = yes ]; then PACKAGES="$PACKAGES cage fonts-noto-core"; fi
if ! command -v node >/dev/null 2>&1; then PACKAGES="$PACKAGES nodejs npm"; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -qq --no-install-recommends $PACKAGES

NODE=$(command -v node) || die "node is not installed"
NODE_VERSION=$("$NODE" -p 'process.versions.node')
"$NODE" -e '
  const [a, b] = process.versions.node.split(".").map(Number);
  process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1);
' || die "gatecast needs Node.js >= 20.19 but $NODE is $NODE_VERSION: install a newer nodejs (Debian 13, or nodesource) and run again"
command -v npm >/dev/null 2>&1 || die "npm is not installed"

say "users"
getent group gatecast >/dev/null || groupadd --system gatecast
id -u gatecast >/dev/null 2>&1 ||
  useradd --system --gid gatecast --home-dir "$STATE_DIR" --no-create-home --shell /usr/sbin/nologin gatecast
usermod -a -G dialout gatecast
if [ "$KIOSK" = yes ]; then
  id -u gatecast-kiosk >/dev/null 2>&1 ||
    useradd --system --create-home --home-dir /var/lib/gatecast-kiosk-home --shell /usr/sbin/nologin gatecast-kiosk
  # A Wayland compositor on a VT needs the seat's video and input devices.
  usermod -a -G video,input,render gatecast-kiosk 2>/dev/null || usermod -a -G video,input gatecast-kiosk
fi

say "application in $APP_DIR"
mkdir -p "$APP_DIR"
rsync -a --delete \
  --exclude node_modules --exclude data --exclude .git --exclude 'display-ui/dist' --exclude /dist \
  "$REPO/" "$APP_DIR/"
# npm and the builds run as root in APP_DIR (owned by root, read-only for the service). The controller
# is compiled into dist/ here because the service cannot write there: without a fresh dist/,
# bin/gatecast.js falls back to the TypeScript sources through tsx (seconds slower at every start).
(cd "$APP_DIR" && npm ci --no-audit --no-fund)
(cd "$APP_DIR" && "$NODE" --input-type=module -e 'const m = await import("./scripts/build-ui.mjs"); m.buildUiIfStale({ force: true });')
(cd "$APP_DIR" && "$NODE" --input-type=module -e 'const m = await import("./scripts/build-controller.mjs"); m.buildControllerIfStale({ force: true, strict: true });')
chown -R root:root "$APP_DIR"
chmod -R go-w "$APP_DIR"

say "settings in $ETC_DIR"
install -d -m 0750 -o root -g gatecast "$ETC_DIR"
[ -f "$ETC_DIR/gatecast.env" ] || install -m 0640 -o root -g gatecast "$HERE/gatecast.env" "$ETC_DIR/gatecast.env"
if [ "$KIOSK" = yes ]; then
  [ -f "$ETC_DIR/kiosk.env" ] || install -m 0644 "$HERE/kiosk.env" "$ETC_DIR/kiosk.env"
  chmod 0755 "$ETC_DIR"
fi
install -d -m 0750 -o gatecast -g gatecast "$STATE_DIR" "$STATE_DIR/backups"

render() { # template → target, filling in @NODE@ and @APP_DIR@
  sed -e "s|@NODE@|$NODE|g" -e "s|@APP_DIR@|$APP_DIR|g" "$1" >"$2.tmp"
  chmod "$3" "$2.tmp"
  mv "$2.tmp" "$2"
}

say "systemd units, command line, udev, journald"
render "$HERE/gatecast.service" /etc/systemd/system/gatecast.service 0644
render "$HERE/gatecast-cli.sh" /usr/local/bin/gatecast 0755
if [ "$KIOSK" = yes ]; then
  install -m 0644 "$HERE/gatecast-kiosk.service" /etc/systemd/system/gatecast-kiosk.service
fi
[ -f /etc/udev/rules.d/99-gatecast-signs.rules ] ||
  install -m 0644 "$HERE/99-gatecast-signs.rules" /etc/udev/rules.d/99-gatecast-signs.rules
install -d -m 0755 /etc/systemd/journald.conf.d
install -m 0644 "$HERE/journald-gatecast.conf" /etc/systemd/journald.conf.d/gatecast.conf
# The USB serial drivers at every boot, and now: the service's device rules need them listed when it starts.
install -d -m 0755 /etc/modules-load.d
install -m 0644 "$HERE/modules-gatecast.conf" /etc/modules-load.d/gatecast.conf
modprobe -a usbserial cdc_acm 2>/dev/null || echo "(could not load usbserial/cdc_acm now: they load at the next boot)"

if [ "$KIOSK" = yes ] && ! grep -q '#token=' "$ETC_DIR/kiosk.env"; then
  say "kiosk token for this PC's own screen"
  # Enrolled here rather than by a pairing code: nobody stands at this screen during the install.
  # The token goes into the kiosk unit's environment file (root only), in the URL's fragment, which
  # the browser never sends to the controller.
  # shellcheck source=/dev/null
  KIOSK_PORT=$(. "$ETC_DIR/gatecast.env" && echo "${PORT:-8080}")
  if URL=$(/usr/local/bin/gatecast kiosk enrol --id gate-pc --name "Máy cửa khẩu" --replace --url "http://127.0.0.1:$KIOSK_PORT"); then
    { grep -v '^KIOSK_URL=' "$ETC_DIR/kiosk.env"; printf 'KIOSK_URL="%s"\n' "$URL"; } >"$ETC_DIR/kiosk.env.tmp"
    chmod 0600 "$ETC_DIR/kiosk.env.tmp"
    mv "$ETC_DIR/kiosk.env.tmp" "$ETC_DIR/kiosk.env"
  else
    echo "(could not enrol the kiosk screen now; it shows a pairing code to approve in the console, Ki-ốt)"
  fi
fi

if [ -n "$SCREEN" ]; then
  say "big screen $SCREEN on this PC"
  [ -f "$ETC_DIR/screen.env" ] || install -m 0600 "$HERE/screen.env" "$ETC_DIR/screen.env"
  install -m 0644 "$HERE/gatecast-screen.service" /etc/systemd/system/gatecast-screen.service
  if ! grep -q "id=$SCREEN&.*#token=" "$ETC_DIR/screen.env"; then
    # Enrolled like the kiosk above: the token goes in the URL's fragment, in a root-only file.
    # shellcheck source=/dev/null
    SCREEN_PORT=$(. "$ETC_DIR/gatecast.env" && echo "${PORT:-8080}")
    if URL=$(/usr/local/bin/gatecast kiosk enrol --id gate-screen-pc --name "Màn hình LED" --channel "$SCREEN" --replace --url "http://127.0.0.1:$SCREEN_PORT"); then
      { grep -v '^SCREEN_URL=' "$ETC_DIR/screen.env"; printf 'SCREEN_URL="%s"\n' "$URL"; } >"$ETC_DIR/screen.env.tmp"
      chmod 0600 "$ETC_DIR/screen.env.tmp"
      mv "$ETC_DIR/screen.env.tmp" "$ETC_DIR/screen.env"
    else
      echo "(could not enrol the screen now; it shows a pairing code to approve in the console, Ki-ốt)"
    fi
  fi
fi

if [ "$KIOSK" = yes ]; then
  say "Chromium policy for the kiosk browser"
  # Navigation limited to the kiosk's and the screen's pages on the controller, no downloads, printing,
  # developer tools or file dialogs (docs/gate-pc.md, "Kiosk lockdown"). Made from the template for the
  # origin of every page a unit opens and checked first: a policy that does not parse, or one that
  # would block KIOSK_URL, stops the install here instead of starting a screen on a blocked page.
  # shellcheck source=/dev/null
  POLICY_PAGES=$(. "$ETC_DIR/kiosk.env" && printf '%s' "${KIOSK_URL:-}")
  [ -n "$POLICY_PAGES" ] || die "KIOSK_URL is not set in $ETC_DIR/kiosk.env"
  set -- "$POLICY_PAGES"
  if [ -f "$ETC_DIR/screen.env" ]; then
    # shellcheck source=/dev/null
    SCREEN_PAGE=$(. "$ETC_DIR/screen.env" && printf '%s' "${SCREEN_URL:-}")
    if [ -n "$SCREEN_PAGE" ]; then set -- "$@" "$SCREEN_PAGE"; fi
  fi
  install -d -m 0755 /etc/chromium/policies /etc/chromium/policies/managed
  "$NODE" "$APP_DIR/firmware-config/provisioning/kiosk-policy.mjs" render \
    "$APP_DIR/firmware-config/provisioning/chromium-kiosk-policy.json" \
    /etc/chromium/policies/managed/gatecast-kiosk.json "$@" ||
    die "the kiosk browser's policy was refused (reason above); the kiosk screen is not started"
fi

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl restart systemd-journald
  udevadm control --reload 2>/dev/null || true
  systemctl enable gatecast.service
  systemctl restart gatecast.service
  if [ -n "$SCREEN" ]; then
    # One cage per PC: the screen takes tty1, the kiosk unit stays off.
    systemctl disable --now gatecast-kiosk.service 2>/dev/null || true
    systemctl enable gatecast-screen.service
    systemctl set-default graphical.target >/dev/null
    systemctl restart gatecast-screen.service || true
  elif [ "$KIOSK" = yes ]; then
    systemctl disable --now gatecast-screen.service 2>/dev/null || true
    systemctl enable gatecast-kiosk.service
    systemctl set-default graphical.target >/dev/null
    systemctl restart gatecast-kiosk.service || true
  fi
else
  echo "(systemd is not running here: units installed but not started)"
fi

# shellcheck disable=SC1091 # the settings file is written above
. "$ETC_DIR/gatecast.env"
cat <<NEXT

gatecast is installed ($APP_DIR, Node.js $NODE_VERSION).

Next steps:
  1. Check the gate and port in $ETC_DIR/gatecast.env (GATE=${GATE:-?}), then: sudo systemctl restart gatecast
  2. Create the first operator account (asks for the password twice):
       sudo gatecast user add --username nguyen.van.an --role admin
  3. Give each LED sign a stable name: edit /etc/udev/rules.d/99-gatecast-signs.rules, then set the
     sign's port to /dev/gatecast-sign-<id> in $APP_DIR/firmware-config/sites/${GATE:-<gate>}.yaml
  4. Check it:  systemctl status gatecast  ·  journalctl -u gatecast -f  ·  curl http://127.0.0.1:${PORT:-8080}/healthz
  5. Back up:   sudo gatecast backup $STATE_DIR/backups/\$(date +%F).tar
NEXT
