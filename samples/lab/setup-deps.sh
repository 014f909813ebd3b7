#!/bin/sh
# Install what the sample-capture lab needs (Debian 12). Run as root.
# Nothing here starts a service that the lab relies on: the daemons run
# inside User-Mode-Linux guests started by samples/lab/scenario.sh.
set -e
export DEBIAN_FRONTEND=noninteractive
# pptpd's postinst would start the host's pptpd; the lab never uses it.
# If no policy-rc.d exists, install a temporary one that forbids starts.
made_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	made_policy=1
fi
apt-get update
apt-get install -y --no-install-recommends \
	user-mode-linux kmod ethtool iputils-ping iproute2 procps \
	strongswan-charon strongswan-swanctl strongswan-libcharon \
	libstrongswan libstrongswan-standard-plugins libstrongswan-extra-plugins \
	libcharon-extra-plugins libcharon-extauth-plugins \
	xl2tpd ppp pptpd pptp-linux dnsmasq-base \
	nftables iptables tcpdump tshark openssl python3
[ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
# On a machine with systemd the pptpd/xl2tpd/strongswan services may now run
# on the host; the lab does not need them.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
	systemctl disable --now pptpd xl2tpd strongswan-starter strongswan 2>/dev/null || true
fi
exit 0
