#!/bin/sh
# Make a throw-away PKI for the certificate scenarios: one RSA-4096 CA, a
# server certificate (CN=vpn.example.com) and a client certificate
# (CN=client.example.com), RSA-4096 so that Main Mode 5/6 (certificate plus
# 512-byte signature) exceed one 1500-byte IP packet.
#   make-pki.sh DIR
set -e
d=${1:?usage: make-pki.sh DIR}
mkdir -p "$d"
cd "$d"
openssl genrsa -out ca.key 4096 2>/dev/null
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/O=ikescope lab/CN=ikescope lab CA" \
	-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
	-out ca.pem
for who in server:vpn.example.com client:client.example.com; do
	role=${who%%:*} cn=${who#*:}
	openssl genrsa -out "$role.key" 4096 2>/dev/null
	openssl req -new -key "$role.key" -subj "/CN=$cn" -out "$role.csr"
	printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nsubjectAltName=DNS:%s\n' "$cn" >"$role.ext"
	openssl x509 -req -in "$role.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 \
		-days 3650 -extfile "$role.ext" -out "$role.pem" 2>/dev/null
done
ls -l
