/*
 * ike_tables.c - value tables of IKEv1 and IKEv2: the IANA registries
 * ("Internet Key Exchange (IKE) Attributes", "ISAKMP Identifiers",
 * "Internet Key Exchange Version 2 (IKEv2) Parameters"), the private-use
 * values seen in the field (NAT-T drafts, Cisco, Microsoft), and the
 * vendor-ID table.  Names follow what Wireshark 4.0 prints where it names
 * a value, so that `dissect -V` reads the same.  Every table is sorted by
 * value with unique values (tests/unit/test_ike_tables.c checks it).
 */
#include "config.h"

#include <string.h>

#include "ike_tables.h"

/* ---- exchanges, payloads, notifies ---------------------------------- */

const ValueString ikev1_exchange_vals[] = {
	{ 0, "NONE" },
	{ 1, "Base" },
	{ 2, "Identity Protection (Main Mode)" },
	{ 3, "Authentication Only" },
	{ 4, "Aggressive" },
	{ 5, "Informational" },
	{ 6, "Transaction (Config Mode)" },
	{ 32, "Quick Mode" },
	{ 33, "New Group Mode" },
	{ 0, NULL },
};

const ValueString ikev2_exchange_vals[] = {
	{ 34, "IKE_SA_INIT" },
	{ 35, "IKE_AUTH" },
	{ 36, "CREATE_CHILD_SA" },
	{ 37, "INFORMATIONAL" },
	{ 38, "IKE_SESSION_RESUME" },
	{ 39, "GSA_AUTH" },
	{ 40, "GSA_REGISTRATION" },
	{ 41, "GSA_REKEY" },
	{ 43, "IKE_INTERMEDIATE" },
	{ 44, "IKE_FOLLOWUP_KE" },
	{ 0, NULL },
};

/* RFC 2408 3.1, RFC 6407 (GDOI 15-19), RFC 3947 (20, 21); private use:
 * the NAT-T drafts' 130/131 and the vendor fragmentation payload 132.
 * 15 and 16 are also the NAT-D/NAT-OA of the earliest NAT-T drafts: the
 * walker names them after the exchange (ikev1.c). */
const ValueString ikev1_payload_vals[] = {
	{ 0, "NONE / No Next Payload " },
	{ 1, "Security Association" },
	{ 2, "Proposal" },
	{ 3, "Transform" },
	{ 4, "Key Exchange" },
	{ 5, "Identification" },
	{ 6, "Certificate" },
	{ 7, "Certificate Request" },
	{ 8, "Hash" },
	{ 9, "Signature" },
	{ 10, "Nonce" },
	{ 11, "Notification" },
	{ 12, "Delete" },
	{ 13, "Vendor ID" },
	{ 14, "Attributes" },
	{ 15, "SA KEK Payload" },
	{ 16, "SA TEK Payload" },
	{ 17, "Key Download" },
	{ 18, "Sequence Number" },
	{ 19, "Proof of Possession" },
	{ 20, "NAT-D (RFC 3947)" },
	{ 21, "NAT-OA (RFC 3947)" },
	{ 22, "Generic Authorization Payload" },
	{ 130, "NAT-D (draft-ietf-ipsec-nat-t-ike-01 to 03)" },
	{ 131, "NAT-OA (draft-ietf-ipsec-nat-t-ike-01 to 04)" },
	{ 132, "Cisco-Fragmentation" },
	{ 0, NULL },
};

/* RFC 7296 3.2 and its extensions (RFC 6467, 6407bis, 7383) */
const ValueString ikev2_payload_vals[] = {
	{ 0, "NONE / No Next Payload " },
	{ 2, "Proposal" },
	{ 3, "Transform" },
	{ 33, "Security Association" },
	{ 34, "Key Exchange" },
	{ 35, "Identification - Initiator" },
	{ 36, "Identification - Responder" },
	{ 37, "Certificate" },
	{ 38, "Certificate Request" },
	{ 39, "Authentication" },
	{ 40, "Nonce" },
	{ 41, "Notify" },
	{ 42, "Delete" },
	{ 43, "Vendor ID" },
	{ 44, "Traffic Selector - Initiator" },
	{ 45, "Traffic Selector - Responder" },
	{ 46, "Encrypted and Authenticated" },
	{ 47, "Configuration" },
	{ 48, "Extensible Authentication" },
	{ 49, "Generic Secure Password Method" },
	{ 50, "Group Identification" },
	{ 51, "Group Security Association" },
	{ 52, "Key Download" },
	{ 53, "Encrypted and Authenticated Fragment" },
	{ 0, NULL },
};

/* RFC 2408 3.14.1, RFC 2407 4.6.3, RFC 3706 (DPD), Cisco Unity */
const ValueString ikev1_notify_vals[] = {
	{ 1, "INVALID-PAYLOAD-TYPE" },
	{ 2, "DOI-NOT-SUPPORTED" },
	{ 3, "SITUATION-NOT-SUPPORTED" },
	{ 4, "INVALID-COOKIE" },
	{ 5, "INVALID-MAJOR-VERSION" },
	{ 6, "INVALID-MINOR-VERSION" },
	{ 7, "INVALID-EXCHANGE-TYPE" },
	{ 8, "INVALID-FLAGS" },
	{ 9, "INVALID-MESSAGE-ID" },
	{ 10, "INVALID-PROTOCOL-ID" },
	{ 11, "INVALID-SPI" },
	{ 12, "INVALID-TRANSFORM-ID" },
	{ 13, "ATTRIBUTES-NOT-SUPPORTED" },
	{ 14, "NO-PROPOSAL-CHOSEN" },
	{ 15, "BAD-PROPOSAL-SYNTAX" },
	{ 16, "PAYLOAD-MALFORMED" },
	{ 17, "INVALID-KEY-INFORMATION" },
	{ 18, "INVALID-ID-INFORMATION" },
	{ 19, "INVALID-CERT-ENCODING" },
	{ 20, "INVALID-CERTIFICATE" },
	{ 21, "CERT-TYPE-UNSUPPORTED" },
	{ 22, "INVALID-CERT-AUTHORITY" },
	{ 23, "INVALID-HASH-INFORMATION" },
	{ 24, "AUTHENTICATION-FAILED" },
	{ 25, "INVALID-SIGNATURE" },
	{ 26, "ADDRESS-NOTIFICATION" },
	{ 27, "NOTIFY-SA-LIFETIME" },
	{ 28, "CERTIFICATE-UNAVAILABLE" },
	{ 29, "UNSUPPORTED-EXCHANGE-TYPE" },
	{ 30, "UNEQUAL-PAYLOAD-LENGTHS" },
	{ 16384, "CONNECTED" },
	{ 24576, "RESPONDER-LIFETIME" },
	{ 24577, "REPLAY-STATUS" },
	{ 24578, "INITIAL-CONTACT" },
	{ 36136, "R-U-THERE" },
	{ 36137, "R-U-THERE-ACK" },
	{ 40500, "UNITY-LOAD-BALANCE" },
	{ 40501, "UNITY-UNKNOWN" },
	{ 40503, "UNITY-GROUP-HASH" },
	{ 0, NULL },
};

/* RFC 7296 3.10.1 and the IANA "IKEv2 Notify Message Types" registry */
const ValueString ikev2_notify_vals[] = {
	{ 1, "UNSUPPORTED_CRITICAL_PAYLOAD" },
	{ 4, "INVALID_IKE_SPI" },
	{ 5, "INVALID_MAJOR_VERSION" },
	{ 7, "INVALID_SYNTAX" },
	{ 9, "INVALID_MESSAGE_ID" },
	{ 11, "INVALID_SPI" },
	{ 14, "NO_PROPOSAL_CHOSEN" },
	{ 17, "INVALID_KE_PAYLOAD" },
	{ 24, "AUTHENTICATION_FAILED" },
	{ 34, "SINGLE_PAIR_REQUIRED" },
	{ 35, "NO_ADDITIONAL_SAS" },
	{ 36, "INTERNAL_ADDRESS_FAILURE" },
	{ 37, "FAILED_CP_REQUIRED" },
	{ 38, "TS_UNACCEPTABLE" },
	{ 39, "INVALID_SELECTORS" },
	{ 40, "UNACCEPTABLE_ADDRESSES" },
	{ 41, "UNEXPECTED_NAT_DETECTED" },
	{ 42, "USE_ASSIGNED_HoA" },
	{ 43, "TEMPORARY_FAILURE" },
	{ 44, "CHILD_SA_NOT_FOUND" },
	{ 45, "INVALID_GROUP_ID" },
	{ 46, "AUTHORIZATION_FAILED" },
	{ 47, "STATE_NOT_FOUND" },
	{ 48, "TS_MAX_QUEUE" },
	{ 16384, "INITIAL_CONTACT" },
	{ 16385, "SET_WINDOW_SIZE" },
	{ 16386, "ADDITIONAL_TS_POSSIBLE" },
	{ 16387, "IPCOMP_SUPPORTED" },
	{ 16388, "NAT_DETECTION_SOURCE_IP" },
	{ 16389, "NAT_DETECTION_DESTINATION_IP" },
	{ 16390, "COOKIE" },
	{ 16391, "USE_TRANSPORT_MODE" },
	{ 16392, "HTTP_CERT_LOOKUP_SUPPORTED" },
	{ 16393, "REKEY_SA" },
	{ 16394, "ESP_TFC_PADDING_NOT_SUPPORTED" },
	{ 16395, "NON_FIRST_FRAGMENTS_ALSO" },
	{ 16396, "MOBIKE_SUPPORTED" },
	{ 16397, "ADDITIONAL_IP4_ADDRESS" },
	{ 16398, "ADDITIONAL_IP6_ADDRESS" },
	{ 16399, "NO_ADDITIONAL_ADDRESSES" },
	{ 16400, "UPDATE_SA_ADDRESSES" },
	{ 16401, "COOKIE2" },
	{ 16402, "NO_NATS_ALLOWED" },
	{ 16403, "AUTH_LIFETIME" },
	{ 16404, "MULTIPLE_AUTH_SUPPORTED" },
	{ 16405, "ANOTHER_AUTH_FOLLOWS" },
	{ 16406, "REDIRECT_SUPPORTED" },
	{ 16407, "REDIRECT" },
	{ 16408, "REDIRECTED_FROM" },
	{ 16409, "TICKET_LT_OPAQUE" },
	{ 16410, "TICKET_REQUEST" },
	{ 16411, "TICKET_ACK" },
	{ 16412, "TICKET_NACK" },
	{ 16413, "TICKET_OPAQUE" },
	{ 16414, "LINK_ID" },
	{ 16415, "USE_WESP_MODE" },
	{ 16416, "ROHC_SUPPORTED" },
	{ 16417, "EAP_ONLY_AUTHENTICATION" },
	{ 16418, "CHILDLESS_IKEV2_SUPPORTED" },
	{ 16419, "QUICK_CRASH_DETECTION" },
	{ 16420, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED" },
	{ 16421, "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED" },
	{ 16422, "IKEV2_MESSAGE_ID_SYNC" },
	{ 16423, "IPSEC_REPLAY_COUNTER_SYNC" },
	{ 16424, "SECURE_PASSWORD_METHODS" },
	{ 16425, "PSK_PERSIST" },
	{ 16426, "PSK_CONFIRM" },
	{ 16427, "ERX_SUPPORTED" },
	{ 16428, "IFOM_CAPABILITY" },
	{ 16429, "SENDER_REQUEST_ID" },
	{ 16430, "IKEV2_FRAGMENTATION_SUPPORTED" },
	{ 16431, "SIGNATURE_HASH_ALGORITHMS" },
	{ 16432, "CLONE_IKE_SA_SUPPORTED" },
	{ 16433, "CLONE_IKE_SA" },
	{ 16434, "PUZZLE" },
	{ 16435, "USE_PPK" },
	{ 16436, "PPK_IDENTITY" },
	{ 16437, "NO_PPK_AUTH" },
	{ 16438, "INTERMEDIATE_EXCHANGE_SUPPORTED" },
	{ 16439, "IP4_ALLOWED" },
	{ 16440, "IP6_ALLOWED" },
	{ 16441, "ADDITIONAL_KEY_EXCHANGE" },
	{ 16442, "USE_AGGFRAG" },
	{ 16443, "SUPPORTED_AUTH_METHODS" },
	{ 16444, "SA_RESOURCE_INFO" },
	{ 0, NULL },
};

const ValueString ikev1_protoid_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "ISAKMP" },
	{ 2, "IPSEC_AH" },
	{ 3, "IPSEC_ESP" },
	{ 4, "IPCOMP" },
	{ 5, "GIGABEAM_RADIO" },
	{ 0, NULL },
};

const ValueString ikev2_protoid_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "IKE" },
	{ 2, "AH" },
	{ 3, "ESP" },
	{ 4, "FC_ESP_HEADER" },
	{ 5, "FC_CT_AUTHENTICATION" },
	{ 0, NULL },
};

/* ---- IKEv1 transforms and attributes --------------------------------- */

const ValueString ikev1_trans_isakmp_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "KEY_IKE" },
	{ 0, NULL },
};

const ValueString ikev1_trans_ah_vals[] = {
	{ 2, "MD5" },
	{ 3, "SHA" },
	{ 4, "DES" },
	{ 5, "SHA2-256" },
	{ 6, "SHA2-384" },
	{ 7, "SHA2-512" },
	{ 8, "RIPEMD" },
	{ 9, "XCBC_MAC" },
	{ 10, "RSA" },
	{ 11, "AES-128-GMAC" },
	{ 12, "AES-192-GMAC" },
	{ 13, "AES-256-GMAC" },
	{ 0, NULL },
};

const ValueString ikev1_trans_esp_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "DES-IV64" },
	{ 2, "DES" },
	{ 3, "3DES" },
	{ 4, "RC5" },
	{ 5, "IDEA" },
	{ 6, "CAST" },
	{ 7, "BLOWFISH" },
	{ 8, "3IDEA" },
	{ 9, "DES-IV32" },
	{ 10, "RC4" },
	{ 11, "NULL" },
	{ 12, "AES" },
	{ 13, "AES-CTR" },
	{ 14, "AES-CCM_8" },
	{ 15, "AES-CCM_12" },
	{ 16, "AES-CCM_16" },
	{ 18, "AES-GCM_8" },
	{ 19, "AES-GCM_12" },
	{ 20, "AES-GCM_16" },
	{ 21, "SEED_CBC" },
	{ 22, "CAMELLIA" },
	{ 23, "NULL_AUTH_AES-GMAC" },
	{ 0, NULL },
};

const ValueString ikev1_trans_ipcomp_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "OUI" },
	{ 2, "DEFLATE" },
	{ 3, "LZS" },
	{ 4, "LZJH" },
	{ 0, NULL },
};

/* RFC 2409 appendix A (phase-1 attribute classes) */
const ValueString ikev1_attr_type_vals[] = {
	{ 1, "Encryption-Algorithm" },
	{ 2, "Hash-Algorithm" },
	{ 3, "Authentication-Method" },
	{ 4, "Group-Description" },
	{ 5, "Group-Type" },
	{ 6, "Group-Prime" },
	{ 7, "Group-Generator-One" },
	{ 8, "Group-Generator-Two" },
	{ 9, "Group-Curve-A" },
	{ 10, "Group-Curve-B" },
	{ 11, "Life-Type" },
	{ 12, "Life-Duration" },
	{ 13, "PRF" },
	{ 14, "Key-Length" },
	{ 15, "Field-Size" },
	{ 16, "Group-Order" },
	{ 0, NULL },
};

/* RFC 2407 4.5 (phase-2 SA attributes) and later IANA additions */
const ValueString ipsec_attr_type_vals[] = {
	{ 1, "SA-Life-Type" },
	{ 2, "SA-Life-Duration" },
	{ 3, "Group-Description" },
	{ 4, "Encapsulation-Mode" },
	{ 5, "Authentication-Algorithm" },
	{ 6, "Key-Length" },
	{ 7, "Key-Rounds" },
	{ 8, "Compress-Dictionary-Size" },
	{ 9, "Compress-Private-Algorithm" },
	{ 10, "ECN Tunnel" },
	{ 11, "Extended (64-bit) Sequence Number" },
	{ 12, "Authentication Key Length" },
	{ 13, "Signature Encoding Algorithm" },
	{ 14, "Address Preservation" },
	{ 15, "SA Direction" },
	{ 0, NULL },
};

/* ---- tables whose names are Wireshark's value names (tshark -G values) ---- */

const ValueString ike_ipsec_attr_life_type_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "Seconds" },
	{ 2, "Kilobytes" },
	{ 0, NULL },
};

const ValueString ike_ipsec_attr_encap_mode_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "Tunnel" },
	{ 2, "Transport" },
	{ 3, "UDP-Encapsulated-Tunnel" },
	{ 4, "UDP-Encapsulated-Transport" },
	{ 61440, "Check Point IPSec UDP Encapsulation" },
	{ 61443, "UDP-Encapsulated-Tunnel (draft)" },
	{ 61444, "UDP-Encapsulated-Transport (draft)" },
	{ 0, NULL },
};

const ValueString ike_ipsec_attr_auth_algorithm_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "HMAC-MD5" },
	{ 2, "HMAC-SHA" },
	{ 3, "DES-MAC" },
	{ 4, "KPDK" },
	{ 5, "HMAC-SHA2-256" },
	{ 6, "HMAC-SHA2-384" },
	{ 7, "HMAC-SHA2-512" },
	{ 8, "HMAC-RIPEMD" },
	{ 9, "AES-XCBC-MAC" },
	{ 10, "SIG-RSA" },
	{ 11, "AES-128-GMAC" },
	{ 12, "AES-192-GMAC" },
	{ 13, "AES-256-GMAC" },
	{ 0, NULL },
};

static const ValueString ike_ipsec_attr_ecn_tunnel_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "Allowed" },
	{ 2, "Forbidden" },
	{ 0, NULL },
};

const ValueString ike_ipsec_attr_ext_seq_nbr_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "64-bit Sequence Number" },
	{ 0, NULL },
};

static const ValueString ike_ipsec_attr_addr_preservation_vals[] = {
	{ 0, "Reserved" },
	{ 1, "None" },
	{ 2, "Source-Only" },
	{ 3, "Destination-Only" },
	{ 4, "Source-and-Destination" },
	{ 0, NULL },
};

static const ValueString ike_ipsec_attr_sa_direction_vals[] = {
	{ 0, "Reserved" },
	{ 1, "Sender-Only" },
	{ 2, "Receiver-Only" },
	{ 3, "Symmetric" },
	{ 0, NULL },
};

const ValueString ike_sa_doi_vals[] = {
	{ 0, "ISAKMP" },
	{ 1, "IPSEC" },
	{ 2, "GDOI" },
	{ 0, NULL },
};

static const ValueString ike_notify_data_ipcomp_transform_id_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "OUI" },
	{ 2, "DEFLATE" },
	{ 3, "LZS" },
	{ 4, "LZJH" },
	{ 0, NULL },
};

static const ValueString ike_notify_data_redirect_gw_ident_type_vals[] = {
	{ 1, "IPv4 address" },
	{ 2, "IPv6 address" },
	{ 3, "FQDN" },
	{ 0, NULL },
};

const ValueString ike_vid_ms_nt5_isakmpoakley_vals[] = {
	{ 2, "Windows 2000" },
	{ 3, "Windows XP SP1" },
	{ 4, "Windows 2003 and Windows XP SP2" },
	{ 5, "Windows Vista" },
	{ 0, NULL },
};

const ValueString ike_frag_last_vals[] = {
	{ 0, "More fragments" },
	{ 1, "Last fragment" },
	{ 0, NULL },
};

const ValueString ike_ike_attr_encryption_algorithm_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "DES-CBC" },
	{ 2, "IDEA-CBC" },
	{ 3, "BLOWFISH-CBC" },
	{ 4, "RC5-R16-B64-CBC" },
	{ 5, "3DES-CBC" },
	{ 6, "CAST-CBC" },
	{ 7, "AES-CBC" },
	{ 8, "CAMELLIA-CBC" },
	{ 127, "SM4-CBC (DEPRECATED)" },
	{ 128, "SM1-CBC" },
	{ 129, "SM4-CBC" },
	{ 0, NULL },
};

const ValueString ike_ike_attr_hash_algorithm_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "MD5" },
	{ 2, "SHA" },
	{ 3, "TIGER" },
	{ 4, "SHA2-256" },
	{ 5, "SHA2-384" },
	{ 6, "SHA2-512" },
	{ 20, "SM3" },
	{ 0, NULL },
};

const ValueString ike_ike_attr_authentication_method_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "Pre-shared key" },
	{ 2, "DSS signatures" },
	{ 3, "RSA signatures" },
	{ 4, "Encryption with RSA" },
	{ 5, "Revised encryption with RSA" },
	{ 6, "Reserved (was Encryption with El-Gamal)" },
	{ 7, "Reserved (was Revised encryption with El-Gamal)" },
	{ 8, "Reserved (was ECDSA signatures)" },
	{ 9, "ECDSA with SHA-256 on the P-256 curve" },
	{ 10, "ECDSA with SHA-384 on the P-384 curve" },
	{ 11, "ECDSA with SHA-512 on the P-521 curve" },
	{ 64221, "HybridInitRSA" },
	{ 64222, "HybridRespRSA" },
	{ 64223, "HybridInitDSS" },
	{ 64224, "HybridRespDSS" },
	{ 65001, "XAUTHInitPreShared" },
	{ 65002, "XAUTHRespPreShared" },
	{ 65003, "XAUTHInitDSS" },
	{ 65004, "XAUTHRespDSS" },
	{ 65005, "XAUTHInitRSA" },
	{ 65006, "XAUTHRespRSA" },
	{ 65007, "XAUTHInitRSAEncryption" },
	{ 65008, "XAUTHRespRSAEncryption" },
	{ 65009, "XAUTHInitRSARevisedEncryption" },
	{ 65010, "XAUTHRespRSARevisedEncryption" },
	{ 0, NULL },
};

const ValueString ike_ike_attr_group_description_vals[] = {
	{ 0, "UNDEFINED - 0" },
	{ 1, "Default 768-bit MODP group" },
	{ 2, "Alternate 1024-bit MODP group" },
	{ 3, "EC2N group on GP[2^155] group" },
	{ 4, "EC2N group on GP[2^185] group" },
	{ 5, "1536 bit MODP group" },
	{ 6, "EC2N group over GF[2^163]" },
	{ 7, "EC2N group over GF[2^163]" },
	{ 8, "EC2N group over GF[2^283]" },
	{ 9, "EC2N group over GF[2^283]" },
	{ 10, "EC2N group over GF[2^409]" },
	{ 11, "EC2N group over GF[2^409]" },
	{ 12, "EC2N group over GF[2^571]" },
	{ 13, "EC2N group over GF[2^571]" },
	{ 14, "2048 bit MODP group" },
	{ 15, "3072 bit MODP group" },
	{ 16, "4096 bit MODP group" },
	{ 17, "6144 bit MODP group" },
	{ 18, "8192 bit MODP group" },
	{ 19, "256-bit random ECP group" },
	{ 20, "384-bit random ECP group" },
	{ 21, "521-bit random ECP group" },
	{ 22, "1024-bit MODP Group with 160-bit Prime Order Subgroup" },
	{ 23, "2048-bit MODP Group with 224-bit Prime Order Subgroup" },
	{ 24, "2048-bit MODP Group with 256-bit Prime Order Subgroup" },
	{ 25, "192-bit Random ECP Group" },
	{ 26, "224-bit Random ECP Group" },
	{ 27, "224-bit Brainpool ECP group" },
	{ 28, "256-bit Brainpool ECP group" },
	{ 29, "384-bit Brainpool ECP group" },
	{ 30, "512-bit Brainpool ECP group" },
	{ 31, "Curve25519" },
	{ 32, "Curve448" },
	{ 33, "GOST3410_2012_256" },
	{ 34, "GOST3410_2012_512" },
	{ 0, NULL },
};

const ValueString ike_ike_attr_group_type_vals[] = {
	{ 0, "UNDEFINED - 0" },
	{ 1, "MODP" },
	{ 2, "ECP" },
	{ 3, "EC2N" },
	{ 0, NULL },
};

const ValueString ike_ike_attr_life_type_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "Seconds" },
	{ 2, "Kilobytes" },
	{ 0, NULL },
};

static const ValueString ike_ike_attr_asymmetric_cryptographic_algorithm_type_vals[] = {
	{ 1, "RSA" },
	{ 2, "SM2" },
	{ 0, NULL },
};

const ValueString ike_tf_id_encr_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "ENCR_DES_IV64" },
	{ 2, "ENCR_DES" },
	{ 3, "ENCR_3DES" },
	{ 4, "ENCR_RC5" },
	{ 5, "ENCR_IDEA" },
	{ 6, "ENCR_CAST" },
	{ 7, "ENCR_BLOWFISH" },
	{ 8, "ENCR_3IDEA" },
	{ 9, "ENCR_DES_IV32" },
	{ 10, "RESERVED" },
	{ 11, "ENCR_NULL" },
	{ 12, "ENCR_AES_CBC" },
	{ 13, "ENCR_AES_CTR" },
	{ 14, "ENCR_AES-CCM_8" },
	{ 15, "ENCR-AES-CCM_12" },
	{ 16, "ENCR-AES-CCM_16" },
	{ 17, "UNASSIGNED" },
	{ 18, "AES-GCM with a 8 octet ICV" },
	{ 19, "AES-GCM with a 12 octet ICV" },
	{ 20, "AES-GCM with a 16 octet ICV" },
	{ 21, "ENCR_NULL_AUTH_AES_GMAC" },
	{ 22, "Reserved for IEEE P1619 XTS-AES" },
	{ 23, "ENCR_CAMELLIA_CBC" },
	{ 24, "ENCR_CAMELLIA_CTR" },
	{ 25, "ENCR_CAMELLIA_CCM with an 8-octet ICV" },
	{ 26, "ENCR_CAMELLIA_CCM with a 12-octet ICV" },
	{ 27, "ENCR_CAMELLIA_CCM with a 16-octet ICV" },
	{ 28, "ENCR_CHACHA20_POLY1305" },
	{ 0, NULL },
};

const ValueString ike_tf_id_prf_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "PRF_HMAC_MD5" },
	{ 2, "PRF_HMAC_SHA1" },
	{ 3, "PRF_HMAC_TIGER" },
	{ 4, "PRF_AES128_CBC" },
	{ 5, "PRF_HMAC_SHA2_256" },
	{ 6, "PRF_HMAC_SHA2_384" },
	{ 7, "PRF_HMAC_SHA2_512" },
	{ 8, "PRF_AES128_CMAC6" },
	{ 0, NULL },
};

const ValueString ike_tf_id_integ_vals[] = {
	{ 0, "NONE" },
	{ 1, "AUTH_HMAC_MD5_96" },
	{ 2, "AUTH_HMAC_SHA1_96" },
	{ 3, "AUTH_DES_MAC" },
	{ 4, "AUTH_KPDK_MD5" },
	{ 5, "AUTH_AES_XCBC_96" },
	{ 6, "AUTH_HMAC_MD5_128" },
	{ 7, "AUTH_HMAC_SHA1_160" },
	{ 8, "AUTH_AES_CMAC_96" },
	{ 9, "AUTH_AES_128_GMAC" },
	{ 10, "AUTH_AES_192_GMAC" },
	{ 11, "AUTH_AES_256_GMAC" },
	{ 12, "AUTH_HMAC_SHA2_256_128" },
	{ 13, "AUTH_HMAC_SHA2_384_192" },
	{ 14, "AUTH_HMAC_SHA2_512_256" },
	{ 0, NULL },
};

const ValueString ike_tf_id_dh_vals[] = {
	{ 0, "UNDEFINED - 0" },
	{ 1, "Default 768-bit MODP group" },
	{ 2, "Alternate 1024-bit MODP group" },
	{ 3, "EC2N group on GP[2^155] group" },
	{ 4, "EC2N group on GP[2^185] group" },
	{ 5, "1536 bit MODP group" },
	{ 6, "EC2N group over GF[2^163]" },
	{ 7, "EC2N group over GF[2^163]" },
	{ 8, "EC2N group over GF[2^283]" },
	{ 9, "EC2N group over GF[2^283]" },
	{ 10, "EC2N group over GF[2^409]" },
	{ 11, "EC2N group over GF[2^409]" },
	{ 12, "EC2N group over GF[2^571]" },
	{ 13, "EC2N group over GF[2^571]" },
	{ 14, "2048 bit MODP group" },
	{ 15, "3072 bit MODP group" },
	{ 16, "4096 bit MODP group" },
	{ 17, "6144 bit MODP group" },
	{ 18, "8192 bit MODP group" },
	{ 19, "256-bit random ECP group" },
	{ 20, "384-bit random ECP group" },
	{ 21, "521-bit random ECP group" },
	{ 22, "1024-bit MODP Group with 160-bit Prime Order Subgroup" },
	{ 23, "2048-bit MODP Group with 224-bit Prime Order Subgroup" },
	{ 24, "2048-bit MODP Group with 256-bit Prime Order Subgroup" },
	{ 25, "192-bit Random ECP Group" },
	{ 26, "224-bit Random ECP Group" },
	{ 27, "224-bit Brainpool ECP group" },
	{ 28, "256-bit Brainpool ECP group" },
	{ 29, "384-bit Brainpool ECP group" },
	{ 30, "512-bit Brainpool ECP group" },
	{ 31, "Curve25519" },
	{ 32, "Curve448" },
	{ 33, "GOST3410_2012_256" },
	{ 34, "GOST3410_2012_512" },
	{ 0, NULL },
};

const ValueString ike_tf_id_esn_vals[] = {
	{ 0, "No Extended Sequence Numbers" },
	{ 1, "Extended Sequence Numbers" },
	{ 0, NULL },
};

const ValueString ike_cfg_attr_xauth_status_vals[] = {
	{ 0, "Fail" },
	{ 1, "Success" },
	{ 0, NULL },
};
/* ---- IKEv2 transforms ------------------------------------------------ */

const ValueString ikev2_transform_type_vals[] = {
	{ 1, "Encryption Algorithm (ENCR)" },
	{ 2, "Pseudo-random Function (PRF)" },
	{ 3, "Integrity Algorithm (INTEG)" },
	{ 4, "Diffie-Hellman Group (D-H)" },
	{ 5, "Extended Sequence Numbers (ESN)" },
	{ 6, "Additional Key Exchange 1 (ADDKE1)" },
	{ 7, "Additional Key Exchange 2 (ADDKE2)" },
	{ 8, "Additional Key Exchange 3 (ADDKE3)" },
	{ 9, "Additional Key Exchange 4 (ADDKE4)" },
	{ 10, "Additional Key Exchange 5 (ADDKE5)" },
	{ 11, "Additional Key Exchange 6 (ADDKE6)" },
	{ 12, "Additional Key Exchange 7 (ADDKE7)" },
	{ 0, NULL },
};

const ValueString ikev2_attr_type_vals[] = {
	{ 14, "Key Length" },
	{ 0, NULL },
};

/* ---- identities, certificates, authentication, selectors, config ----- */

/* RFC 2407 4.6.2.1, RFC 3554 (ID_LIST) */
const ValueString ikev1_id_type_vals[] = {
	{ 0, "RESERVED" },
	{ 1, "IPV4_ADDR" },
	{ 2, "FQDN" },
	{ 3, "USER_FQDN" },
	{ 4, "IPV4_ADDR_SUBNET" },
	{ 5, "IPV6_ADDR" },
	{ 6, "IPV6_ADDR_SUBNET" },
	{ 7, "IPV4_ADDR_RANGE" },
	{ 8, "IPV6_ADDR_RANGE" },
	{ 9, "DER_ASN1_DN" },
	{ 10, "DER_ASN1_GN" },
	{ 11, "KEY_ID" },
	{ 12, "LIST" },
	{ 0, NULL },
};

/* RFC 7296 3.5, RFC 4595 (FC_NAME), RFC 7619 (NULL) */
const ValueString ikev2_id_type_vals[] = {
	{ 1, "IPV4_ADDR" },
	{ 2, "FQDN" },
	{ 3, "RFC822_ADDR" },
	{ 5, "IPV6_ADDR" },
	{ 9, "DER_ASN1_DN" },
	{ 10, "DER_ASN1_GN" },
	{ 11, "KEY_ID" },
	{ 12, "FC_NAME" },
	{ 13, "NULL" },
	{ 0, NULL },
};

/* RFC 2408 3.9 / RFC 7296 3.6 */
const ValueString ike_cert_encoding_vals[] = {
	{ 0, "NONE" },
	{ 1, "PKCS #7 wrapped X.509 certificate" },
	{ 2, "PGP Certificate" },
	{ 3, "DNS Signed Key" },
	{ 4, "X.509 Certificate - Signature" },
	{ 5, "X.509 Certificate - Key Exchange" },
	{ 6, "Kerberos Tokens" },
	{ 7, "Certificate Revocation List (CRL)" },
	{ 8, "Authority Revocation List (ARL)" },
	{ 9, "SPKI Certificate" },
	{ 10, "X.509 Certificate - Attribute" },
	{ 11, "Raw RSA Key" },
	{ 12, "Hash and URL of X.509 certificate" },
	{ 13, "Hash and URL of X.509 bundle" },
	{ 14, "OCSP Content" },
	{ 15, "Raw Public Key" },
	{ 0, NULL },
};

/* RFC 7296 3.8, RFC 4754, RFC 6467, RFC 7619, RFC 7427 */
const ValueString ikev2_auth_method_vals[] = {
	{ 1, "RSA Digital Signature" },
	{ 2, "Shared Key Message Integrity Code" },
	{ 3, "DSS Digital Signature" },
	{ 9, "ECDSA with SHA-256 on the P-256 curve" },
	{ 10, "ECDSA with SHA-384 on the P-384 curve" },
	{ 11, "ECDSA with SHA-512 on the P-521 curve" },
	{ 12, "Generic Secure Password Authentication Method" },
	{ 13, "NULL Authentication" },
	{ 14, "Digital Signature" },
	{ 0, NULL },
};

const ValueString ikev2_ts_type_vals[] = {
	{ 7, "TS_IPV4_ADDR_RANGE" },
	{ 8, "TS_IPV6_ADDR_RANGE" },
	{ 9, "TS_FC_ADDR_RANGE" },
	{ 0, NULL },
};

/* draft-dukes-ike-mode-cfg / RFC 7296 3.15 */
const ValueString ikev1_cfg_type_vals[] = {
	{ 1, "ISAKMP_CFG_REQUEST" },
	{ 2, "ISAKMP_CFG_REPLY" },
	{ 3, "ISAKMP_CFG_SET" },
	{ 4, "ISAKMP_CFG_ACK" },
	{ 0, NULL },
};

const ValueString ikev2_cfg_type_vals[] = {
	{ 1, "CFG_REQUEST" },
	{ 2, "CFG_REPLY" },
	{ 3, "CFG_SET" },
	{ 4, "CFG_ACK" },
	{ 0, NULL },
};

/* configuration attributes: Mode-Config / RFC 7296 3.15.1, XAUTH
 * (draft-beaulieu-ike-xauth), Cisco Unity */
const ValueString ike_cfg_attr_type_vals[] = {
	{ 1, "INTERNAL_IP4_ADDRESS" },
	{ 2, "INTERNAL_IP4_NETMASK" },
	{ 3, "INTERNAL_IP4_DNS" },
	{ 4, "INTERNAL_IP4_NBNS" },
	{ 5, "INTERNAL_ADDRESS_EXPIRY" },
	{ 6, "INTERNAL_IP4_DHCP" },
	{ 7, "APPLICATION_VERSION" },
	{ 8, "INTERNAL_IP6_ADDRESS" },
	{ 9, "INTERNAL_IP6_NETMASK" },
	{ 10, "INTERNAL_IP6_DNS" },
	{ 11, "INTERNAL_IP6_NBNS" },
	{ 12, "INTERNAL_IP6_DHCP" },
	{ 13, "INTERNAL_IP4_SUBNET" },
	{ 14, "SUPPORTED_ATTRIBUTES" },
	{ 15, "INTERNAL_IP6_SUBNET" },
	{ 16, "MIP6_HOME_PREFIX" },
	{ 17, "INTERNAL_IP6_LINK" },
	{ 18, "INTERNAL_IP6_PREFIX" },
	{ 19, "HOME_AGENT_ADDRESS" },
	{ 20, "P_CSCF_IP4_ADDRESS" },
	{ 21, "P_CSCF_IP6_ADDRESS" },
	{ 16520, "XAUTH-TYPE" },
	{ 16521, "XAUTH-USER-NAME" },
	{ 16522, "XAUTH-USER-PASSWORD" },
	{ 16523, "XAUTH-PASSCODE" },
	{ 16524, "XAUTH-MESSAGE" },
	{ 16525, "XAUTH-CHALLENGE" },
	{ 16526, "XAUTH-DOMAIN" },
	{ 16527, "XAUTH-STATUS" },
	{ 16528, "XAUTH-NEXT-PIN" },
	{ 16529, "XAUTH-ANSWER" },
	{ 28672, "UNITY-BANNER" },
	{ 28673, "UNITY-SAVE-PASSWD" },
	{ 28674, "UNITY-DEF-DOMAIN" },
	{ 28675, "UNITY-SPLIT-DOMAIN" },
	{ 28676, "UNITY-SPLIT-INCLUDE" },
	{ 28677, "UNITY-NATT-PORT" },
	{ 28678, "UNITY-SPLIT-EXCLUDE" },
	{ 28679, "UNITY-PFS" },
	{ 28680, "UNITY-FW-TYPE" },
	{ 28681, "UNITY-BACKUP-SERVERS" },
	{ 28682, "UNITY-DDNS-HOSTNAME" },
	{ 0, NULL },
};

/* The last 4 bytes of the MS NT5 ISAKMPOAKLEY vendor ID, beyond what
 * Wireshark names (its table stops at Vista). */
const ValueString ike_windows_version_vals[] = {
	{ 2, "Windows 2000" },
	{ 3, "Windows XP SP1" },
	{ 4, "Windows 2003 and Windows XP SP2" },
	{ 5, "Windows Vista" },
	{ 6, "Windows Server 2008 / Windows 7" },
	{ 7, "Windows Server 2008 R2 / Windows 7" },
	{ 8, "Windows 8 / Windows Server 2012" },
	{ 9, "Windows 8.1 / Windows 10 / Windows Server 2012 R2 and later" },
	{ 0, NULL },
};

/* RFC 7427 (SIGNATURE_HASH_ALGORITHMS) */
const ValueString ikev2_hash_algorithm_vals[] = {
	{ 0, "Reserved" },
	{ 1, "SHA1" },
	{ 2, "SHA2-256" },
	{ 3, "SHA2-384" },
	{ 4, "SHA2-512" },
	{ 5, "Identity" },
	{ 0, NULL },
};

/* ---- vendor IDs --------------------------------------------------------
 * Sorted by bytes (memcmp over the shorter length, then shorter first).
 * Most are the MD5 of a string (named in the comment). */

#define VID(...) (const uint8_t[]){ __VA_ARGS__ }

const IkeVendor ike_vendor_table[] = {
	/* "XAUTH": draft-ietf-ipsra-isakmp-xauth-06.txt, first 8 bytes */
	{ VID(0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12), 8, true, "XAUTH", IKE_VID_XAUTH },
	/* MD5("CISCO-UNITY"), the last 2 bytes replaced by the version */
	{ VID(0x12, 0xf5, 0xf2, 0x8c, 0x45, 0x71, 0x68, 0xa9, 0x70, 0x2d, 0x9f, 0xe2, 0x74, 0xcc), 14, true,
	  "CISCO-UNITY", IKE_VID_UNITY },
	/* MD5("draft-ietf-ipsec-nat-t-ike-01") */
	{ VID(0x16, 0xf6, 0xca, 0x16, 0xe4, 0xa4, 0x06, 0x6d, 0x83, 0x82, 0x1a, 0x0f, 0x0a, 0xea, 0xa8, 0x62), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-01", IKE_VID_NATT_DRAFT },
	/* MD5("MS NT5 ISAKMPOAKLEY") + 4-byte Windows version */
	{ VID(0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d, 0x7c, 0x96, 0xfc, 0xbf, 0xb5, 0x87, 0xe4, 0x61), 16,
	  true, "MS NT5 ISAKMPOAKLEY", IKE_VID_MS_NT5 },
	/* MD5("MS-MamieExists") */
	{ VID(0x21, 0x4c, 0xa4, 0xfa, 0xff, 0xa7, 0xf3, 0x2d, 0x47, 0x48, 0xe5, 0x30, 0x33, 0x95, 0xae, 0x83), 16,
	  false, "MS-MamieExists", IKE_VID_MS_MAMIE },
	/* MD5("Vid-Initial-Contact") */
	{ VID(0x26, 0x24, 0x4d, 0x38, 0xed, 0xdb, 0x61, 0xb3, 0x17, 0x2a, 0x36, 0xe3, 0xd0, 0xcf, 0xb8, 0x19), 16,
	  false, "Microsoft Vid-Initial-Contact", IKE_VID_MS_INITIAL_CONTACT },
	/* MD5("draft-stenberg-ipsec-nat-traversal-01") */
	{ VID(0x27, 0xba, 0xb5, 0xdc, 0x01, 0xea, 0x07, 0x60, 0xea, 0x4e, 0x31, 0x90, 0xac, 0x27, 0xc0, 0xd0), 16,
	  false, "draft-stenberg-ipsec-nat-traversal-01", IKE_VID_NATT_DRAFT },
	/* MD5("FRAGMENTATION") + 4 bytes of flags (0x80000000 Cisco/strongSwan,
	 * 0xc0000000 Microsoft) */
	{ VID(0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85, 0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6, 0xc2, 0xd3), 16,
	  true, "Cisco Fragmentation", IKE_VID_FRAG },
	/* MD5("draft-ietf-ipsec-nat-t-ike-09") */
	{ VID(0x42, 0xea, 0x5b, 0x6f, 0x89, 0x8d, 0x97, 0x73, 0xa5, 0x75, 0xdf, 0x26, 0xe7, 0xdd, 0x19, 0xe1), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-09", IKE_VID_NATT_DRAFT },
	/* MD5("draft-ietf-ipsec-nat-t-ike-07") */
	{ VID(0x43, 0x9b, 0x59, 0xf8, 0xba, 0x67, 0x6c, 0x4c, 0x77, 0x37, 0xae, 0x22, 0xea, 0xb8, 0xf5, 0x82), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-07", IKE_VID_NATT_DRAFT },
	/* MD5("draft-ietf-ipsec-nat-t-ike-00") */
	{ VID(0x44, 0x85, 0x15, 0x2d, 0x18, 0xb6, 0xbb, 0xcd, 0x0b, 0xe8, 0xa8, 0x46, 0x95, 0x79, 0xdd, 0xcc), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-00", IKE_VID_NATT_DRAFT },
	/* "HeartBeat_Notify" in ASCII */
	{ VID(0x48, 0x65, 0x61, 0x72, 0x74, 0x42, 0x65, 0x61, 0x74, 0x5f, 0x4e, 0x6f, 0x74, 0x69, 0x66, 0x79), 16,
	  true, "Heartbeat Notify", IKE_VID_HEARTBEAT },
	/* MD5("RFC 3947") */
	{ VID(0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45, 0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f), 16,
	  false, "RFC 3947 Negotiation of NAT-Traversal in the IKE", IKE_VID_NATT_RFC },
	/* MD5("draft-ietf-ipsec-nat-t-ike-06") */
	{ VID(0x4d, 0x1e, 0x0e, 0x13, 0x6d, 0xea, 0xfa, 0x34, 0xc4, 0xf3, 0xea, 0x9f, 0x02, 0xec, 0x72, 0x85), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-06", IKE_VID_NATT_DRAFT },
	/* MD5("draft-ietf-ipsec-nat-t-ike") */
	{ VID(0x4d, 0xf3, 0x79, 0x28, 0xe9, 0xfc, 0x4f, 0xd1, 0xb3, 0x26, 0x21, 0x70, 0xd5, 0x15, 0xc6, 0x62), 16,
	  false, "draft-ietf-ipsec-nat-t-ike", IKE_VID_NATT_DRAFT },
	/* Openswan / Libreswan: "OE" followed by 10 printable bytes */
	{ VID(0x4f, 0x45), 2, true, "Openswan/Libreswan", IKE_VID_LIBRESWAN },
	/* MD5("draft-huttunen-ipsec-esp-in-udp-01.txt") */
	{ VID(0x58, 0xb3, 0x5b, 0x47, 0xd8, 0x2e, 0xe8, 0x49, 0x54, 0xcb, 0x62, 0xca, 0x82, 0xe1, 0xdf, 0xdd), 16,
	  false, "draft-huttunen-ipsec-esp-in-udp-01.txt", IKE_VID_NATT_DRAFT },
	/* MD5("draft-stenberg-ipsec-nat-traversal-02") */
	{ VID(0x61, 0x05, 0xc4, 0x22, 0xe7, 0x68, 0x47, 0xe4, 0x3f, 0x96, 0x84, 0x80, 0x12, 0x92, 0xae, 0xcd), 16,
	  false, "draft-stenberg-ipsec-nat-traversal-02", IKE_VID_NATT_DRAFT },
	/* MD5("draft-huttunen-ipsec-esp-in-udp-00.txt") */
	{ VID(0x6a, 0x74, 0x34, 0xc1, 0x9d, 0x7e, 0x36, 0x34, 0x80, 0x90, 0xa0, 0x23, 0x34, 0xc9, 0xc8, 0x05), 16,
	  false, "draft-huttunen-ipsec-esp-in-udp-00.txt", IKE_VID_NATT_DRAFT },
	/* MD5("draft-ietf-ipsec-nat-t-ike-03") */
	{ VID(0x7d, 0x94, 0x19, 0xa6, 0x53, 0x10, 0xca, 0x6f, 0x2c, 0x17, 0x9d, 0x92, 0x15, 0x52, 0x9d, 0x56), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-03", IKE_VID_NATT_DRAFT },
	/* MD5("draft-ietf-ipsec-nat-t-ike-05") */
	{ VID(0x80, 0xd0, 0xbb, 0x3d, 0xef, 0x54, 0x56, 0x5e, 0xe8, 0x46, 0x45, 0xd4, 0xc8, 0x5c, 0xe3, 0xee), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-05", IKE_VID_NATT_DRAFT },
	/* MD5("strongSwan") */
	{ VID(0x88, 0x2f, 0xe5, 0x6d, 0x6f, 0xd2, 0x0d, 0xbc, 0x22, 0x51, 0x61, 0x3b, 0x2e, 0xbe, 0x5b, 0xeb), 16,
	  false, "strongSwan", IKE_VID_STRONGSWAN },
	/* MD5("draft-ietf-ipsec-nat-t-ike-08") */
	{ VID(0x8f, 0x8d, 0x83, 0x82, 0x6d, 0x24, 0x6b, 0x6f, 0xc7, 0xa8, 0xa6, 0xa4, 0x28, 0xc1, 0x1d, 0xe8), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-08", IKE_VID_NATT_DRAFT },
	/* MD5("draft-ietf-ipsec-nat-t-ike-02\n") */
	{ VID(0x90, 0xcb, 0x80, 0x91, 0x3e, 0xbb, 0x69, 0x6e, 0x08, 0x63, 0x81, 0xb5, 0xec, 0x42, 0x7b, 0x1f), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-02\\n", IKE_VID_NATT_DRAFT },
	/* MD5("draft-ietf-ipsec-nat-t-ike-04") */
	{ VID(0x99, 0x09, 0xb6, 0x4e, 0xed, 0x93, 0x7c, 0x65, 0x73, 0xde, 0x52, 0xac, 0xe9, 0x52, 0xfa, 0x6b), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-04", IKE_VID_NATT_DRAFT },
	/* RFC 3706 DPD: MD5-like constant with a version byte pair 0x01 0x00 */
	{ VID(0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9, 0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00), 16,
	  false, "RFC 3706 DPD (Dead Peer Detection)", IKE_VID_DPD },
	/* MD5("draft-ietf-ipsec-nat-t-ike-02") */
	{ VID(0xcd, 0x60, 0x46, 0x43, 0x35, 0xdf, 0x21, 0xf8, 0x7c, 0xfd, 0xb2, 0xfc, 0x68, 0xb6, 0xa4, 0x48), 16,
	  false, "draft-ietf-ipsec-nat-t-ike-02", IKE_VID_NATT_DRAFT },
	/* MD5("IKE CGA version 1") */
	{ VID(0xe3, 0xa5, 0x96, 0x6a, 0x76, 0x37, 0x9f, 0xe7, 0x07, 0x22, 0x82, 0x31, 0xe5, 0xce, 0x86, 0x52), 16,
	  false, "IKE CGA version 1", IKE_VID_CGA },
	/* MD5("MS-Negotiation Discovery Capable") */
	{ VID(0xfb, 0x1d, 0xe3, 0xcd, 0xf3, 0x41, 0xb7, 0xea, 0x16, 0xb7, 0xe5, 0xbe, 0x08, 0x55, 0xf1, 0x20), 16,
	  false, "MS-Negotiation Discovery Capable", IKE_VID_MS_NDC },
};

const size_t ike_vendor_count = sizeof(ike_vendor_table) / sizeof(ike_vendor_table[0]);

const IkeVendor *ike_vendor_lookup(const uint8_t *p, size_t n)
{
	if (!p)
		return NULL;
	for (size_t i = 0; i < ike_vendor_count; i++) {
		const IkeVendor *v = &ike_vendor_table[i];
		if (n < v->len || (!v->prefix && n != v->len))
			continue;
		if (memcmp(p, v->id, v->len) == 0)
			return v;
	}
	return NULL;
}

#define T(x) { #x, x }
const IkeValueTable ike_value_tables[] = {
	T(ikev1_exchange_vals), T(ikev2_exchange_vals), T(ikev1_payload_vals), T(ikev2_payload_vals),
	T(ikev1_notify_vals), T(ikev2_notify_vals), T(ikev1_protoid_vals), T(ikev2_protoid_vals),
	T(ike_sa_doi_vals), T(ikev1_trans_isakmp_vals), T(ikev1_trans_ah_vals), T(ikev1_trans_esp_vals),
	T(ikev1_trans_ipcomp_vals), T(ikev1_attr_type_vals), T(ipsec_attr_type_vals),
	T(ike_ike_attr_encryption_algorithm_vals), T(ike_ike_attr_hash_algorithm_vals),
	T(ike_ike_attr_authentication_method_vals), T(ike_ike_attr_group_description_vals),
	T(ike_ike_attr_group_type_vals), T(ike_ike_attr_life_type_vals), T(ike_ipsec_attr_life_type_vals),
	T(ike_ipsec_attr_encap_mode_vals), T(ike_ipsec_attr_auth_algorithm_vals), T(ike_ipsec_attr_ext_seq_nbr_vals),
	T(ike_ipsec_attr_ecn_tunnel_vals), T(ike_ipsec_attr_addr_preservation_vals),
	T(ike_ipsec_attr_sa_direction_vals), T(ike_notify_data_ipcomp_transform_id_vals),
	T(ike_notify_data_redirect_gw_ident_type_vals), T(ike_ike_attr_asymmetric_cryptographic_algorithm_type_vals),
	T(ikev2_transform_type_vals), T(ikev2_attr_type_vals), T(ike_tf_id_encr_vals), T(ike_tf_id_prf_vals),
	T(ike_tf_id_integ_vals), T(ike_tf_id_dh_vals), T(ike_tf_id_esn_vals), T(ikev1_id_type_vals),
	T(ikev2_id_type_vals), T(ike_cert_encoding_vals), T(ikev2_auth_method_vals), T(ikev2_ts_type_vals),
	T(ikev1_cfg_type_vals), T(ikev2_cfg_type_vals), T(ike_cfg_attr_type_vals), T(ike_cfg_attr_xauth_status_vals),
	T(ike_frag_last_vals), T(ike_vid_ms_nt5_isakmpoakley_vals), T(ike_windows_version_vals),
	T(ikev2_hash_algorithm_vals),
};
#undef T

const size_t ike_value_table_count = sizeof(ike_value_tables) / sizeof(ike_value_tables[0]);
