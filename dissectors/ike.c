/*
 * ike.c - IKE (ISAKMP) on UDP 500, and after the non-ESP marker on 4500:
 * the header both versions share, the dispatch on the major version, and
 * what lives longer than one packet (retransmission memory, IKEv1 vendor
 * fragment reassembly, IKEv2 fragment bookkeeping), plus the NAT-D check.
 *
 * RFC 2408 3.1 (IKEv1) and RFC 7296 3.1 (IKEv2) share the header layout:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Initiator SPI (cookie)                       |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Responder SPI (cookie)                       |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Message ID                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                            Length                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * IKEv1 flags: E (0x01) encrypted, C (0x02) commit, A (0x04) auth only.
 * IKEv2 flags: I (0x08) initiator, V (0x10) higher version, R (0x20)
 * response.
 *
 * Field names, types, bases and masks are Wireshark's (tshark 4.0): one
 * `isakmp.*` vocabulary for both versions.  Where a value's name depends
 * on the version (exchange, payload and notify types), the node's text
 * carries the name (ike_add_vs) and the field stays version-neutral.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <openssl/evp.h>

#include "ike.h"
#include "protos.h"

/* ---- fields --------------------------------------------------------- */

const FieldDef isakmp_fields[F_ISAKMP__COUNT] = {
	[F_ISAKMP] = { "isakmp", "Internet Security Association and Key Management Protocol", FT_PROTOCOL,
		       BASE_NONE, NULL, 0, NULL },
	[F_ISPI] = { "isakmp.ispi", "Initiator SPI", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_RSPI] = { "isakmp.rspi", "Responder SPI", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_NEXTPAYLOAD] = { "isakmp.nextpayload", "Next payload", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_VERSION] = { "isakmp.version", "Version", FT_UINT8, BASE_HEX, NULL, 0, NULL },
	[F_MJVER] = { "isakmp.mjver", "MjVer", FT_UINT8, BASE_HEX, NULL, 0xf0, NULL },
	[F_MNVER] = { "isakmp.mnver", "MnVer", FT_UINT8, BASE_HEX, NULL, 0xf, NULL },
	[F_EXCHANGETYPE] = { "isakmp.exchangetype", "Exchange type", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_FLAGS] = { "isakmp.flags", "Flags", FT_UINT8, BASE_HEX, NULL, 0, NULL },
	[F_FLAG_E] = { "isakmp.flag_e", "Encryption", FT_BOOLEAN, BASE_NONE, NULL, 0x1, NULL },
	[F_FLAG_C] = { "isakmp.flag_c", "Commit", FT_BOOLEAN, BASE_NONE, NULL, 0x2, NULL },
	[F_FLAG_A] = { "isakmp.flag_a", "Authentication", FT_BOOLEAN, BASE_NONE, NULL, 0x4, NULL },
	[F_FLAG_I] = { "isakmp.flag_i", "Initiator", FT_BOOLEAN, BASE_NONE, NULL, 0x8, NULL },
	[F_FLAG_V] = { "isakmp.flag_v", "Version", FT_BOOLEAN, BASE_NONE, NULL, 0x10, NULL },
	[F_FLAG_R] = { "isakmp.flag_r", "Response", FT_BOOLEAN, BASE_NONE, NULL, 0x20, NULL },
	[F_MESSAGEID] = { "isakmp.messageid", "Message ID", FT_UINT32, BASE_HEX, NULL, 0, NULL },
	[F_LENGTH] = { "isakmp.length", "Length", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_TYPEPAYLOAD] = { "isakmp.typepayload", "Payload", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_CRITICALPAYLOAD] = { "isakmp.criticalpayload", "Critical Bit", FT_BOOLEAN, BASE_NONE, NULL, 0x80, NULL },
	[F_RESERVED7] = { "isakmp.reserved7", "Reserved", FT_UINT8, BASE_HEX, NULL, 0x7f, NULL },
	[F_RESERVED] = { "isakmp.reserved", "Reserved", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_RESERVED2] = { "isakmp.reserved2", "Reserved2", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_PAYLOADLENGTH] = { "isakmp.payloadlength", "Payload length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_EXTRADATA] = { "isakmp.extradata", "Extra data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_DATAPAYLOAD] = { "isakmp.datapayload", "Data Payload", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_SA_DOI] = { "isakmp.sa.doi", "Domain of interpretation", FT_UINT32, BASE_DEC, ike_sa_doi_vals, 0, NULL },
	[F_SA_SITUATION] = { "isakmp.sa.situation", "Situation", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_SA_SITUATION_IDENTITY_ONLY] = { "isakmp.sa.situation.identity_only", "Identity Only", FT_BOOLEAN, BASE_NONE, NULL, 0x1, NULL },
	[F_SA_SITUATION_SECRECY] = { "isakmp.sa.situation.secrecy", "Secrecy", FT_BOOLEAN, BASE_NONE, NULL, 0x2, NULL },
	[F_SA_SITUATION_INTEGRITY] = { "isakmp.sa.situation.integrity", "Integrity", FT_BOOLEAN, BASE_NONE, NULL, 0x4, NULL },
	[F_PROP_NUMBER] = { "isakmp.prop.number", "Proposal number", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_PROP_PROTOID] = { "isakmp.prop.protoid", "Protocol ID", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_SPISIZE] = { "isakmp.spisize", "SPI Size", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_SPI] = { "isakmp.spi", "SPI", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_PROP_TRANSFORMS] = { "isakmp.prop.transforms", "Proposal transforms", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_TRANS_NUMBER] = { "isakmp.trans.number", "Transform number", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_TRANS_ID] = { "isakmp.trans.id", "Transform ID", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_IKE_ATTR] = { "isakmp.ike.attr", "IKE Attribute", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_IKE_ATTR_TYPE] = { "isakmp.ike.attr.type", "Type", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IKE_ATTR_FORMAT] = { "isakmp.ike.attr.format", "Format", FT_BOOLEAN, BASE_NONE, NULL, 0x8000, NULL },
	[F_IKE_ATTR_LENGTH] = { "isakmp.ike.attr.length", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IKE_ATTR_VALUE] = { "isakmp.ike.attr.value", "Value", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_IKE_ATTR_ENCRYPTION_ALGORITHM] = { "isakmp.ike.attr.encryption_algorithm", "Encryption Algorithm", FT_UINT16, BASE_DEC, ike_ike_attr_encryption_algorithm_vals, 0, NULL },
	[F_IKE_ATTR_HASH_ALGORITHM] = { "isakmp.ike.attr.hash_algorithm", "HASH Algorithm", FT_UINT16, BASE_DEC, ike_ike_attr_hash_algorithm_vals, 0, NULL },
	[F_IKE_ATTR_AUTHENTICATION_METHOD] = { "isakmp.ike.attr.authentication_method", "Authentication Method", FT_UINT16, BASE_DEC, ike_ike_attr_authentication_method_vals, 0, NULL },
	[F_IKE_ATTR_GROUP_DESCRIPTION] = { "isakmp.ike.attr.group_description", "Group Description", FT_UINT16, BASE_DEC, ike_ike_attr_group_description_vals, 0, NULL },
	[F_IKE_ATTR_GROUP_TYPE] = { "isakmp.ike.attr.group_type", "Group Type", FT_UINT16, BASE_DEC, ike_ike_attr_group_type_vals, 0, NULL },
	[F_IKE_ATTR_LIFE_TYPE] = { "isakmp.ike.attr.life_type", "Life Type", FT_UINT16, BASE_DEC, ike_ike_attr_life_type_vals, 0, NULL },
	[F_IKE_ATTR_LIFE_DURATION] = { "isakmp.ike.attr.life_duration", "Life Duration", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_IKE_ATTR_KEY_LENGTH] = { "isakmp.ike.attr.key_length", "Key Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IPSEC_ATTR] = { "isakmp.ipsec.attr", "IPsec Attribute", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_IPSEC_ATTR_TYPE] = { "isakmp.ipsec.attr.type", "Type", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IPSEC_ATTR_FORMAT] = { "isakmp.ipsec.attr.format", "Format", FT_BOOLEAN, BASE_NONE, NULL, 0x8000, NULL },
	[F_IPSEC_ATTR_LENGTH] = { "isakmp.ipsec.attr.length", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IPSEC_ATTR_VALUE] = { "isakmp.ipsec.attr.value", "Value", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_IPSEC_ATTR_LIFE_TYPE] = { "isakmp.ipsec.attr.life_type", "Life Type", FT_UINT16, BASE_DEC, ike_ipsec_attr_life_type_vals, 0, NULL },
	[F_IPSEC_ATTR_LIFE_DURATION] = { "isakmp.ipsec.attr.life_duration", "Life Duration", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_IPSEC_ATTR_GROUP_DESCRIPTION] = { "isakmp.ipsec.attr.group_description", "Group Description", FT_UINT16, BASE_DEC, ike_ike_attr_group_description_vals, 0, NULL },
	[F_IPSEC_ATTR_ENCAP_MODE] = { "isakmp.ipsec.attr.encap_mode", "Encapsulation Mode", FT_UINT16, BASE_DEC, ike_ipsec_attr_encap_mode_vals, 0, NULL },
	[F_IPSEC_ATTR_AUTH_ALGORITHM] = { "isakmp.ipsec.attr.auth_algorithm", "Authentication Algorithm", FT_UINT16, BASE_DEC, ike_ipsec_attr_auth_algorithm_vals, 0, NULL },
	[F_IPSEC_ATTR_KEY_LENGTH] = { "isakmp.ipsec.attr.key_length", "Key Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IPSEC_ATTR_KEY_ROUNDS] = { "isakmp.ipsec.attr.key_rounds", "Key Rounds", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IPSEC_ATTR_EXT_SEQ_NBR] = { "isakmp.ipsec.attr.ext_seq_nbr", "Extended (64-bit) Sequence Number", FT_UINT16, BASE_DEC, ike_ipsec_attr_ext_seq_nbr_vals, 0, NULL },
	[F_TF_TYPE] = { "isakmp.tf.type", "Transform Type", FT_UINT8, BASE_DEC, ikev2_transform_type_vals, 0, NULL },
	[F_TF_ID_ENCR] = { "isakmp.tf.id.encr", "Transform ID (ENCR)", FT_UINT16, BASE_DEC, ike_tf_id_encr_vals, 0, NULL },
	[F_TF_ID_PRF] = { "isakmp.tf.id.prf", "Transform ID (PRF)", FT_UINT16, BASE_DEC, ike_tf_id_prf_vals, 0, NULL },
	[F_TF_ID_INTEG] = { "isakmp.tf.id.integ", "Transform ID (INTEG)", FT_UINT16, BASE_DEC, ike_tf_id_integ_vals, 0, NULL },
	[F_TF_ID_DH] = { "isakmp.tf.id.dh", "Transform ID (D-H)", FT_UINT16, BASE_DEC, ike_tf_id_dh_vals, 0, NULL },
	[F_TF_ID_ESN] = { "isakmp.tf.id.esn", "Transform ID (ESN)", FT_UINT16, BASE_DEC, ike_tf_id_esn_vals, 0, NULL },
	[F_TF_ID] = { "isakmp.tf.id", "Transform ID", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IKE2_ATTR] = { "isakmp.ike2.attr", "Transform Attribute", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_IKE2_ATTR_TYPE] = { "isakmp.ike2.attr.type", "Type", FT_UINT16, BASE_DEC, ikev2_attr_type_vals, 0, NULL },
	[F_IKE2_ATTR_FORMAT] = { "isakmp.ike2.attr.format", "Format", FT_BOOLEAN, BASE_NONE, NULL, 0x8000, NULL },
	[F_IKE2_ATTR_LENGTH] = { "isakmp.ike2.attr.length", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_IKE2_ATTR_VALUE] = { "isakmp.ike2.attr.value", "Value", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_IKE2_ATTR_KEY_LENGTH] = { "isakmp.ike2.attr.key_length", "Key Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_KEY_EXCHANGE_DH_GROUP] = { "isakmp.key_exchange.dh_group", "DH Group #", FT_UINT16, BASE_DEC, ike_tf_id_dh_vals, 0, NULL },
	[F_KEY_EXCHANGE_DATA] = { "isakmp.key_exchange.data", "Key Exchange Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ID_TYPE] = { "isakmp.id.type", "ID type", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_ID_PROTOID] = { "isakmp.id.protoid", "Protocol ID", FT_UINT8, BASE_DEC, ip_proto_vals, 0, NULL },
	[F_ID_PORT] = { "isakmp.id.port", "Port", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_ID_DATA] = { "isakmp.id.data", "Identification Data:", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_IPV4_ADDR] = { "isakmp.id.data.ipv4_addr", "ID_IPV4_ADDR", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_FQDN] = { "isakmp.id.data.fqdn", "ID_FQDN", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_USER_FQDN] = { "isakmp.id.data.user_fqdn", "ID_FQDN", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_IPV4_SUBNET] = { "isakmp.id.data.ipv4_subnet", "ID_IPV4_SUBNET", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_IPV4_RANGE_START] = { "isakmp.id.data.ipv4_range_start", "ID_IPV4_RANGE (Start)", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_IPV4_RANGE_END] = { "isakmp.id.data.ipv4_range_end", "ID_IPV4_RANGE (End)", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_IPV6_ADDR] = { "isakmp.id.data.ipv6_addr", "ID_IPV6_ADDR", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_IPV6_SUBNET] = { "isakmp.id.data.ipv6_subnet", "ID_IPV6A_ADDR_SUBNET", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_IPV6_RANGE_START] = { "isakmp.id.data.ipv6_range_start", "ID_IPV6_ADDR_RANGE (Start)", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_IPV6_RANGE_END] = { "isakmp.id.data.ipv6_range_end", "ID_IPV6_ADDR_RANGE (End)", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_ID_DATA_KEY_ID] = { "isakmp.id.data.key_id", "ID_KEY_ID", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_CERT_ENCODING] = { "isakmp.cert.encoding", "Certificate Encoding", FT_UINT8, BASE_DEC, ike_cert_encoding_vals, 0, NULL },
	[F_CERT_DATA] = { "isakmp.cert.data", "Certificate Data", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_CERTREQ_TYPE] = { "isakmp.certreq.type", "Certificate Type", FT_UINT8, BASE_DEC, ike_cert_encoding_vals, 0, NULL },
	[F_IKE_CERTREQ_AUTHORITY] = { "isakmp.ike.certreq.authority", "Certificate Authority Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_AUTH_METHOD] = { "isakmp.auth.method", "Authentication Method", FT_UINT8, BASE_DEC, ikev2_auth_method_vals, 0, NULL },
	[F_AUTH_DATA] = { "isakmp.auth.data", "Authentication Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_HASH] = { "isakmp.hash", "Hash DATA", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_SIG] = { "isakmp.sig", "Signature DATA", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_NONCE] = { "isakmp.nonce", "Nonce DATA", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_NOTIFY_DOI] = { "isakmp.notify.doi", "Domain of interpretation", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_NOTIFY_PROTOID] = { "isakmp.notify.protoid", "Protocol ID", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_NOTIFY_MSGTYPE] = { "isakmp.notify.msgtype", "Notify Message Type", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_NOTIFY_DATA] = { "isakmp.notify.data", "Notification DATA", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_NOTIFY_DATA_DPD_ARE_YOU_THERE] = { "isakmp.notify.data.dpd.are_you_there", "DPD ARE-YOU-THERE sequence", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_NOTIFY_DATA_DPD_ARE_YOU_THERE_ACK] = { "isakmp.notify.data.dpd.are_you_there_ack", "DPD ARE-YOU-THERE-ACK sequence", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_NOTIFY_DATA_SIGNATURE_HASH_ALGORITHMS] = { "isakmp.notify.data.signature_hash_algorithms", "Supported Signature Hash Algorithm", FT_UINT16, BASE_DEC, ikev2_hash_algorithm_vals, 0, NULL },
	[F_DELETE_DOI] = { "isakmp.delete.doi", "Domain of interpretation", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_DELETE_PROTOID] = { "isakmp.delete.protoid", "Protocol ID", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_SPINUM] = { "isakmp.spinum", "Number of SPIs", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_DELETE_SPI] = { "isakmp.delete.spi", "Delete SPI", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_VID_BYTES] = { "isakmp.vid_bytes", "Vendor ID", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_VID_STRING] = { "isakmp.vid_string", "Vendor ID", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_VID_MS_NT5_ISAKMPOAKLEY] = { "isakmp.vid.ms_nt5_isakmpoakley", "MS NT5 ISAKMPOAKLEY", FT_UINT32, BASE_DEC, ike_vid_ms_nt5_isakmpoakley_vals, 0, NULL },
	[F_VID_CISCO_UNITY_MAJOR] = { "isakmp.vid.cisco_unity.major", "CISCO-UNITY Major version", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_VID_CISCO_UNITY_MINOR] = { "isakmp.vid.cisco_unity.minor", "CISCO-UNITY Minor version", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_TS_NUMBER] = { "isakmp.ts.number", "Number of Traffic Selectors", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_TS_TYPE] = { "isakmp.ts.type", "Traffic Selector Type", FT_UINT8, BASE_DEC, ikev2_ts_type_vals, 0, NULL },
	[F_TS_PROTOID] = { "isakmp.ts.protoid", "Protocol ID", FT_UINT8, BASE_DEC, ip_proto_vals, 0, NULL },
	[F_TS_SELECTOR_LENGTH] = { "isakmp.ts.selector_length", "Selector Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_TS_START_PORT] = { "isakmp.ts.start_port", "Start Port", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_TS_END_PORT] = { "isakmp.ts.end_port", "End Port", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_TS_START_IPV4] = { "isakmp.ts.start_ipv4", "Starting Addr", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_TS_END_IPV4] = { "isakmp.ts.end_ipv4", "Ending Addr", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_TS_START_IPV6] = { "isakmp.ts.start_ipv6", "Starting Addr", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_TS_END_IPV6] = { "isakmp.ts.end_ipv6", "Ending Addr", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_TS_DATA] = { "isakmp.ts.data", "Traffic Selector", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_EAP_DATA] = { "isakmp.eap.data", "EAP Message", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_CFG_TYPE] = { "isakmp.cfg.type", "Type", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_CFG_IDENTIFIER] = { "isakmp.cfg.identifier", "Identifier", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_CFG_ATTR] = { "isakmp.cfg.attr", "Config Attribute", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_CFG_ATTR_TYPE] = { "isakmp.cfg.attr.type", "Type", FT_UINT16, BASE_DEC, ike_cfg_attr_type_vals, 0, NULL },
	[F_CFG_ATTR_FORMAT] = { "isakmp.cfg.attr.format", "Format", FT_BOOLEAN, BASE_NONE, NULL, 0x8000, NULL },
	[F_CFG_ATTR_LENGTH] = { "isakmp.cfg.attr.length", "Length", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_CFG_ATTR_VALUE] = { "isakmp.cfg.attr.value", "Value", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_CFG_ATTR_INTERNAL_IP4_ADDRESS] = { "isakmp.cfg.attr.internal_ip4_address", "INTERNAL IP4 ADDRESS", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_CFG_ATTR_INTERNAL_IP4_NETMASK] = { "isakmp.cfg.attr.internal_ip4_netmask", "INTERNAL IP4 NETMASK", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_CFG_ATTR_INTERNAL_IP4_DNS] = { "isakmp.cfg.attr.internal_ip4_dns", "INTERNAL IP4 DNS", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_CFG_ATTR_INTERNAL_IP4_NBNS] = { "isakmp.cfg.attr.internal_ip4_nbns", "INTERNAL IP4 NBNS", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_CFG_ATTR_XAUTH_TYPE] = { "isakmp.cfg.attr.xauth.type", "XAUTH TYPE", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_CFG_ATTR_XAUTH_USER_NAME] = { "isakmp.cfg.attr.xauth.user_name", "XAUTH USER NAME", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_CFG_ATTR_XAUTH_STATUS] = { "isakmp.cfg.attr.xauth.status", "XAUTH STATUS", FT_UINT16, BASE_DEC, ike_cfg_attr_xauth_status_vals, 0, NULL },
	[F_IKE_NAT_HASH] = { "isakmp.ike.nat_hash", "HASH of the address and port", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_IKE_NAT_ORIGINAL_ADDRESS_IPV4] = { "isakmp.ike.nat_original_address_ipv4", "NAT Original IPv4 Address", FT_IPv4, BASE_NONE, NULL, 0, NULL },
	[F_IKE_NAT_ORIGINAL_ADDRESS_IPV6] = { "isakmp.ike.nat_original_address_ipv6", "NAT Original IPv6 Address", FT_IPv6, BASE_NONE, NULL, 0, NULL },
	[F_FRAG_NUMBER] = { "isakmp.frag.number", "Fragment Number", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_FRAG_TOTAL] = { "isakmp.frag.total", "Total Fragments", FT_UINT16, BASE_DEC, NULL, 0, NULL },
	[F_FRAG_PACKETID] = { "isakmp.frag.packetid", "Frag ID", FT_UINT16, BASE_HEX, NULL, 0, NULL },
	[F_FRAG_SEQ] = { "isakmp.frag.seq", "Frag seq", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_FRAG_LAST] = { "isakmp.frag.last", "Frag last", FT_UINT8, BASE_DEC, ike_frag_last_vals, 0, NULL },
	[F_FRAGMENTS] = { "isakmp.fragments", "Message fragments", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_FRAGMENT] = { "isakmp.fragment", "Message fragment", FT_FRAMENUM, BASE_NONE, NULL, 0, NULL },
	[F_FRAGMENT_COUNT] = { "isakmp.fragment.count", "Message fragment count", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_REASSEMBLED_IN] = { "isakmp.reassembled.in", "Reassembled in", FT_FRAMENUM, BASE_NONE, NULL, 0, NULL },
	[F_REASSEMBLED_LENGTH] = { "isakmp.reassembled.length", "Reassembled ISAKMP length", FT_UINT32, BASE_DEC, NULL, 0, NULL },
	[F_ENC_DATA] = { "isakmp.enc.data", "Encrypted Data", FT_NONE, BASE_NONE, NULL, 0, NULL },
	[F_ENC_IV] = { "isakmp.enc.iv", "Initialization Vector", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_ENC_ICD] = { "isakmp.enc.icd", "Integrity Checksum Data", FT_BYTES, BASE_NONE, NULL, 0, NULL },
	[F_SAK_PROTOID] = { "isakmp.sak.protoid", "Protocol ID", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	[F_SAT_PROTOCOL_ID] = { "isakmp.sat.protocol_id", "Protocol ID", FT_UINT8, BASE_DEC, NULL, 0, NULL },
	/* ikescope's own fields: facts Wireshark does not compute */
	[F_RETRANSMISSION] = { "isakmp.retransmission_of", "Retransmission of frame", FT_FRAMENUM, BASE_NONE, NULL,
			       0, NULL },
	[F_NAT_STATUS] = { "isakmp.nat_detection", "NAT detection", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_CERT_SUBJECT] = { "isakmp.cert.subject", "Subject", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_CERT_ISSUER] = { "isakmp.cert.issuer", "Issuer", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_CERT_NOT_BEFORE] = { "isakmp.cert.not_before", "Not valid before", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_CERT_NOT_AFTER] = { "isakmp.cert.not_after", "Not valid after", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_CERT_KEY] = { "isakmp.cert.public_key", "Public key", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_CERTREQ_CA] = { "isakmp.certreq.ca", "Certificate Authority", FT_STRING, BASE_NONE, NULL, 0, NULL },
	[F_FRAG_COMPLETE] = { "isakmp.frag.complete", "All fragments seen", FT_STRING, BASE_NONE, NULL, 0, NULL },
};

const FieldTable isakmp_field_table = { "isakmp", isakmp_fields, F_ISAKMP__COUNT };

/* ---- per-capture state ---------------------------------------------- */

enum {
	IKE_RETRANS_CAP = 8192,  /* messages remembered for retransmission detection */
	IKE_RETRANS_AGE_S = 180, /* a message older than this is not retransmitted any more
				    (strongSwan's default schedule gives up after 165 s):
				    forgetting it is not counted as a loss */
	IKE_FRAG_SETS = 32,      /* fragmented messages in reassembly at once */
	IKE_FRAG_MAX = 32,       /* fragments per message */
	IKE_FRAG_MAX_BYTES = 65535,
};

typedef struct {
	uint8_t seq;
	uint64_t frame;
	uint8_t *data; /* IKEv1 only: a copy of the fragment data */
	uint32_t len;
} IkeFrag;

typedef struct {
	uint64_t key;
	bool used, v2, complete;
	uint16_t total;          /* IKEv1: the last fragment's number once seen */
	uint64_t complete_frame; /* frame that completed the message */
	uint32_t bytes;
	unsigned n;
	IkeFrag f[IKE_FRAG_MAX];
} IkeFragSet;

struct IkeState {
	GHashTable *seen;     /* digest -> ring slot + 1 */
	uint64_t *ring_key;   /* digests, in arrival order */
	uint64_t *ring_frame; /* first frame of each digest */
	int64_t *ring_ts;     /* and its capture time */
	size_t ring_pos, ring_n;
	IkeFragSet sets[IKE_FRAG_SETS];
	unsigned set_next;    /* FIFO eviction cursor */
	IkeDec *dec;          /* decryption state (ike_decrypt.c) */
	/* NAT-D digests fetched once per capture, by hash length (an
	 * implicit fetch per EVP_Digest() costs more than the hash) */
	EVP_MD *natd_md[5];
	EVP_MD_CTX *natd_ctx;
};

IkeDec *ike_state_dec(IkeState *st) { return st ? st->dec : NULL; }

IkeState *ike_state_new(void)
{
	IkeState *st = g_new0(IkeState, 1);
	st->seen = g_hash_table_new(g_int64_hash, g_int64_equal);
	st->ring_key = g_new0(uint64_t, IKE_RETRANS_CAP);
	st->ring_frame = g_new0(uint64_t, IKE_RETRANS_CAP);
	st->ring_ts = g_new0(int64_t, IKE_RETRANS_CAP);
	st->dec = ike_dec_new();
	return st;
}

static void frag_set_clear(IkeFragSet *s)
{
	for (unsigned i = 0; i < s->n; i++)
		g_free(s->f[i].data);
	memset(s, 0, sizeof(*s));
}

void ike_state_free(IkeState *st)
{
	if (!st)
		return;
	for (unsigned i = 0; i < IKE_FRAG_SETS; i++)
		frag_set_clear(&st->sets[i]);
	ike_dec_free(st->dec);
	for (unsigned i = 0; i < G_N_ELEMENTS(st->natd_md); i++)
		EVP_MD_free(st->natd_md[i]);
	EVP_MD_CTX_free(st->natd_ctx);
	g_hash_table_destroy(st->seen);
	g_free(st->ring_key);
	g_free(st->ring_frame);
	g_free(st->ring_ts);
	g_free(st);
}

/* FNV-1a, 64 bits */
static uint64_t fnv(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

#define FNV_INIT 0xcbf29ce484222325ull

/* The addresses and ports of the packet, for keys. */
static uint64_t flow_hash(const Packet *pkt, uint64_t h)
{
	const IpSummary *ip = &pkt->sum.ip;
	size_t alen = ip->af == 6 ? 16 : 4;
	h = fnv(h, &ip->af, 1);
	h = fnv(h, ip->src, alen);
	h = fnv(h, ip->dst, alen);
	uint8_t ports[4] = { (uint8_t)(ip->sport >> 8), (uint8_t)ip->sport, (uint8_t)(ip->dport >> 8),
			     (uint8_t)ip->dport };
	return fnv(h, ports, 4);
}

/* The frame that first carried this very message, or 0. */
static uint64_t retrans_check(Packet *pkt, const uint8_t *msg, size_t n)
{
	IkeState *st = pkt->ctx ? pkt->ctx->ike : NULL;
	if (!st)
		return 0;
	uint64_t key = fnv(flow_hash(pkt, FNV_INIT), msg, n);
	gpointer v = g_hash_table_lookup(st->seen, &key);
	if (v) {
		uint64_t first = st->ring_frame[GPOINTER_TO_SIZE(v) - 1];
		return first < pkt->number ? first : 0;
	}
	size_t slot = st->ring_pos;
	if (st->ring_n == IKE_RETRANS_CAP) {
		g_hash_table_remove(st->seen, &st->ring_key[slot]);
		int64_t then = st->ring_ts[slot];
		if (pkt->ts_ns <= then || (uint64_t)pkt->ts_ns - (uint64_t)then < (uint64_t)IKE_RETRANS_AGE_S * 1000000000u)
			pkt->ctx->stats.ike_retrans_evicted++;
	} else {
		st->ring_n++;
	}
	st->ring_key[slot] = key;
	st->ring_frame[slot] = pkt->number;
	st->ring_ts[slot] = pkt->ts_ns;
	g_hash_table_insert(st->seen, &st->ring_key[slot], GSIZE_TO_POINTER(slot + 1));
	st->ring_pos = (slot + 1) % IKE_RETRANS_CAP;
	return 0;
}

/* The fragment set for key, created (evicting the oldest) when absent. */
static IkeFragSet *frag_set(Packet *pkt, uint64_t key, bool v2, const Cursor *c, TreeNode *node)
{
	IkeState *st = pkt->ctx->ike;
	for (unsigned i = 0; i < IKE_FRAG_SETS; i++)
		if (st->sets[i].used && st->sets[i].key == key && st->sets[i].v2 == v2)
			return &st->sets[i];
	IkeFragSet *s = &st->sets[st->set_next];
	st->set_next = (st->set_next + 1) % IKE_FRAG_SETS;
	if (s->used && !s->complete) {
		pkt->ctx->stats.ike_frags_evicted++;
		pkt_event(pkt, EV_IKE_FRAG_EVICTED, c, node);
	}
	frag_set_clear(s);
	s->used = true;
	s->key = key;
	s->v2 = v2;
	return s;
}

static IkeFrag *frag_find(IkeFragSet *s, uint8_t seq)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->f[i].seq == seq)
			return &s->f[i];
	return NULL;
}

/* Add a fragment (data may be NULL); false when refused. */
static bool frag_add(Packet *pkt, IkeFragSet *s, uint8_t seq, const uint8_t *data, uint32_t len)
{
	if (frag_find(s, seq))
		return true; /* seen before: a retransmission or a second pass */
	if (s->n == IKE_FRAG_MAX || s->bytes + len > IKE_FRAG_MAX_BYTES || seq == 0) {
		pkt->ctx->stats.ike_frags_refused++;
		return false;
	}
	IkeFrag *f = &s->f[s->n++];
	f->seq = seq;
	f->frame = pkt->number;
	f->data = data ? g_memdup2(data, len) : NULL;
	f->len = len;
	s->bytes += len;
	return true;
}

/* True when fragments 1..total are all present. */
static bool frag_all(IkeFragSet *s)
{
	if (!s->total)
		return false;
	for (unsigned q = 1; q <= s->total; q++)
		if (!frag_find(s, (uint8_t)q))
			return false;
	return true;
}

static TreeNode *frag_list(Packet *pkt, IkeFragSet *s, TreeNode *pl, const Cursor *c, uint32_t total_len)
{
	if (!pl)
		return NULL;
	GString *t = g_string_new(NULL);
	g_string_append_printf(t, "%u Message fragments (%u bytes):", s->total, total_len);
	for (unsigned q = 1; q <= s->total; q++) {
		IkeFrag *f = frag_find(s, (uint8_t)q);
		if (f)
			g_string_append_printf(t, " #%" PRIu64 "(%u)%s", f->frame, f->len, q < s->total ? "," : "");
	}
	TreeNode *fl = tree_add_at(pl, IKF(F_FRAGMENTS), c, cur_off(c), 0);
	tree_set_text(fl, "[%s]", t->str);
	g_string_free(t, TRUE);
	uint32_t at = 0;
	for (unsigned q = 1; q <= s->total; q++) {
		IkeFrag *f = frag_find(s, (uint8_t)q);
		if (!f)
			continue;
		TreeNode *n = tree_add_uint(fl, IKF(F_FRAGMENT), c, cur_off(c), 0, f->frame);
		if (n) {
			if (f->len)
				tree_set_text(n, "%" PRIu64 ", payload: %u-%u (%u bytes)", f->frame, at,
					      at + f->len - 1, f->len);
			n->flags |= NODE_GENERATED;
		}
		at += f->len;
	}
	TreeNode *n = tree_add_uint(fl, IKF(F_FRAGMENT_COUNT), c, cur_off(c), 0, s->total);
	if (n)
		n->flags |= NODE_GENERATED;
	(void)pkt;
	return fl;
}

void ike_v1_fragment(IkeMsg *m, uint16_t id, uint8_t seq, bool last, Cursor *data, TreeNode *pl)
{
	Packet *pkt = m->pkt;
	if (m->sum) {
		pkt->sum.ike.frag.id = id;
		pkt->sum.ike.frag.number = seq;
		pkt->sum.ike.frag.last = last;
		if (last)
			pkt->sum.ike.frag.total = seq;
	}
	pkt_info_append(pkt, last ? " (Message fragment %u - last)" : " (Message fragment %u)", seq);
	/* only whole fragments of messages not inside an ICMP quote count */
	size_t n = cur_left(data);
	if (!m->sum || !pkt->ctx || !pkt->ctx->ike || n != cur_wire_left(data))
		return;
	const uint8_t *p = cur_bytes(data, n);
	uint64_t key = fnv(FNV_INIT, m->ispi, 8);
	key = fnv(key, m->rspi, 8);
	uint8_t idb[2] = { (uint8_t)(id >> 8), (uint8_t)id };
	key = flow_hash(pkt, fnv(key, idb, 2));
	IkeFragSet *s = frag_set(pkt, key, false, data, pl);
	if (!frag_add(pkt, s, seq, p, (uint32_t)n))
		return;
	if (last && !s->total)
		s->total = seq;
	if (!s->complete && frag_all(s)) {
		s->complete = true;
		s->complete_frame = pkt->number;
	}
	if (!s->complete || s->complete_frame != pkt->number)
		return;
	/* this frame completed the message: put it together and dissect it */
	uint32_t total_len = 0;
	for (unsigned q = 1; q <= s->total; q++)
		total_len += frag_find(s, (uint8_t)q)->len;
	uint8_t *buf = arena_alloc(&pkt->ctx->arena, total_len ? total_len : 1);
	uint32_t at = 0;
	for (unsigned q = 1; q <= s->total; q++) {
		IkeFrag *f = frag_find(s, (uint8_t)q);
		memcpy(buf + at, f->data, f->len);
		at += f->len;
	}
	pkt->sum.ike.frag.complete = true;
	pkt_info(pkt, "%s (Reassembled + Message fragment %u - last)",
		 vs_name(ikev1_exchange_vals, m->exch, "Unknown"), seq);
	TreeNode *fl = frag_list(pkt, s, pl, data, total_len);
	TreeNode *rl = tree_add_uint(fl, IKF(F_REASSEMBLED_LENGTH), data, cur_off(data), 0, total_len);
	if (rl)
		rl->flags |= NODE_GENERATED;
	pkt_event(pkt, EV_IKE_FRAG_REASSEMBLED, data, NULL);
	/* the reassembled buffer is a data source of its own (an IP datagram
	 * reassembled in the same frame would be replaced in the hex view) */
	pkt_add_source(pkt, SRC_REASSEMBLED, buf, total_len, "Reassembled ISAKMP");
	Cursor rc = cur_init(buf, total_len, total_len);
	rc.src = SRC_REASSEMBLED;
	if (!pkt_enter(pkt, &rc, pl))
		return;
	ike_dissect_message(pkt, &rc, pl, true, true);
	pkt_leave(pkt);
}

void ike_v2_fragment(IkeMsg *m, uint16_t number, uint16_t total, TreeNode *pl)
{
	Packet *pkt = m->pkt;
	if (m->sum) {
		pkt->sum.ike.frag.number = number;
		pkt->sum.ike.frag.total = total;
		pkt->sum.ike.frag.last = number == total;
	}
	pkt_info_append(pkt, " (fragment %u/%u)", number, total);
	if (!m->sum || !pkt->ctx || !pkt->ctx->ike || number == 0 || number > 255 || total == 0 || total > 255)
		return;
	/* without keys there is nothing to put together: count the fragments
	 * so that a lost one is visible (RFC 7383 2.6) */
	uint64_t key = fnv(FNV_INIT, m->ispi, 8);
	key = fnv(key, m->rspi, 8);
	uint8_t mid[5] = { (uint8_t)(m->msgid >> 24), (uint8_t)(m->msgid >> 16), (uint8_t)(m->msgid >> 8),
			   (uint8_t)m->msgid, (uint8_t)(m->flags & 0x20) };
	key = flow_hash(pkt, fnv(key, mid, 5));
	Cursor none = cur_init(NULL, 0, 0);
	IkeFragSet *s = frag_set(pkt, key, true, &none, pl);
	if (!frag_add(pkt, s, (uint8_t)number, NULL, 0))
		return;
	s->total = total;
	if (!s->complete && frag_all(s)) {
		s->complete = true;
		s->complete_frame = pkt->number;
	}
	if (s->complete && s->complete_frame == pkt->number) {
		pkt->sum.ike.frag.complete = true;
		if (pl) {
			GString *t = g_string_new(NULL);
			for (unsigned q = 1; q <= s->total; q++)
				g_string_append_printf(t, "%s#%" PRIu64, q > 1 ? ", " : "",
						       frag_find(s, (uint8_t)q)->frame);
			TreeNode *n = tree_add_string(pl, IKF(F_FRAG_COMPLETE), &none, 0, 0, t->str);
			if (n)
				n->flags |= NODE_GENERATED;
			g_string_free(t, TRUE);
		}
	}
}

/* ---- helpers -------------------------------------------------------- */

TreeNode *ike_add_vs(TreeNode *parent, unsigned f, const Cursor *c, size_t off, size_t len, uint32_t v,
		     const ValueString *vs)
{
	TreeNode *n = tree_add_uint(parent, IKF(f), c, off, len, v);
	if (n) {
		const char *name = vs ? vs_lookup(vs, v) : NULL;
		tree_set_text(n, "%s (%u)", name ? name : "Unknown", v);
	}
	return n;
}

bool ike_proposal_head(IkeMsg *m, Cursor *c, TreeNode *pl, const ValueString *protoids, bool child_exch,
		       IkeProposal *p)
{
	size_t at = cur_off(c);
	p->num = cur_u8(c);
	p->protoid = cur_u8(c);
	uint8_t spisize = cur_u8(c);
	p->ntrans = cur_u8(c);
	if (cur_failed(c))
		return false;
	tree_append_text(pl, " # %u", p->num);
	tree_add_uint(pl, IKF(F_PROP_NUMBER), c, at, 1, p->num);
	ike_add_vs(pl, F_PROP_PROTOID, c, at + 1, 1, p->protoid, protoids);
	tree_add_uint(pl, IKF(F_SPISIZE), c, at + 2, 1, spisize);
	tree_add_uint(pl, IKF(F_PROP_TRANSFORMS), c, at + 3, 1, p->ntrans);
	if (spisize) {
		size_t sat = cur_off(c);
		Cursor sp = *c;
		const uint8_t *spi = cur_bytes(&sp, spisize);
		if (!cur_skip(c, spisize))
			return false;
		tree_add_bytes(pl, IKF(F_SPI), c, sat, spisize);
		if (child_exch)
			ike_dec_child_spi(m, p->protoid, spi, spisize);
	}
	return true;
}

void ike_note_payload(IkeMsg *m, uint8_t type)
{
	if (m->sum)
		m->pkt->sum.ike.payloads[type >> 3] |= (uint8_t)(1u << (type & 7));
}

void ike_note_notify(IkeMsg *m, uint16_t type, const uint8_t *spi, size_t spi_len)
{
	if (!m->sum)
		return;
	PacketSummary *s = &m->pkt->sum;
	if (s->ike.n_notify < sizeof(s->ike.notify) / sizeof(s->ike.notify[0]))
		s->ike.notify[s->ike.n_notify++] = type;
	if (spi && spi_len && !s->ike.notify_spi_len && spi_len <= sizeof(s->ike.notify_spi)) {
		memcpy(s->ike.notify_spi, spi, spi_len);
		s->ike.notify_spi_len = (uint8_t)spi_len;
	}
}

void ike_note_natd(IkeMsg *m, const uint8_t *h, size_t n, bool is_dst, TreeNode *node)
{
	if (!m->sum)
		return;
	m->pkt->sum.ike.natd |= IKE_NATD_PRESENT;
	if (m->n_natd == IKE_MAX_NATD || !h || n > IKE_MAX_HASH)
		return;
	memcpy(m->natd[m->n_natd].h, h, n);
	m->natd[m->n_natd].len = (uint8_t)n;
	m->natd[m->n_natd].is_dst = is_dst;
	m->natd[m->n_natd].node = node;
	m->n_natd++;
}

void ike_note_proposal(IkeMsg *m, uint8_t prop, uint8_t trans, uint16_t enc, uint16_t keylen, uint16_t hash,
		       uint16_t prf, uint16_t auth, uint16_t group)
{
	if (!m->sum)
		return;
	PacketSummary *s = &m->pkt->sum;
	if (s->ike.n_proposals >= sizeof(s->ike.prop) / sizeof(s->ike.prop[0]))
		return;
	s->ike.prop[s->ike.n_proposals].prop = prop;
	s->ike.prop[s->ike.n_proposals].trans = trans;
	s->ike.prop[s->ike.n_proposals].enc = enc;
	s->ike.prop[s->ike.n_proposals].keylen = keylen;
	s->ike.prop[s->ike.n_proposals].hash = hash;
	s->ike.prop[s->ike.n_proposals].prf = prf;
	s->ike.prop[s->ike.n_proposals].auth = auth;
	s->ike.prop[s->ike.n_proposals].group = group;
	s->ike.n_proposals++;
}

/* A Vendor ID payload body (both versions). */
void ike_vendor_id(IkeMsg *m, Cursor *body, TreeNode *pl)
{
	size_t at = cur_off(body);
	size_t n = cur_left(body);
	const uint8_t *p = cur_bytes(body, n);
	const IkeVendor *v = ike_vendor_lookup(p, n);
	tree_add_bytes(pl, IKF(F_VID_BYTES), body, at, n);
	tree_add_string(pl, IKF(F_VID_STRING), body, at, n, v ? v->name : "Unknown Vendor ID");
	if (pl)
		tree_append_text(pl, " : %s", v ? v->name : "Unknown Vendor ID");
	uint32_t msver = 0;
	if (v && v->flag == IKE_VID_MS_NT5 && n >= 20) {
		msver = (uint32_t)p[16] << 24 | (uint32_t)p[17] << 16 | (uint32_t)p[18] << 8 | p[19];
		TreeNode *mv = tree_add_uint(pl, IKF(F_VID_MS_NT5_ISAKMPOAKLEY), body, at + 16, 4, msver);
		const char *win = vs_lookup(ike_windows_version_vals, msver);
		if (mv && win)
			tree_set_text(mv, "%s (%u)", win, msver);
	}
	if (v && v->flag == IKE_VID_UNITY && n >= 16) {
		tree_add_uint(pl, IKF(F_VID_CISCO_UNITY_MAJOR), body, at + 14, 1, p[14]);
		tree_add_uint(pl, IKF(F_VID_CISCO_UNITY_MINOR), body, at + 15, 1, p[15]);
	}
	if (!m->sum)
		return;
	m->pkt->sum.ike.vendor |= v ? v->flag : IKE_VID_UNKNOWN;
	if (msver)
		m->pkt->sum.ike.ms_version = msver;
}

/* ---- NAT-D ---------------------------------------------------------- */

/* The NAT-D hash of an address and port: IKEv1 (RFC 3947 3.2) uses the
 * negotiated hash, which the hash length tells; IKEv2 (RFC 7296 2.23)
 * always SHA-1. */
static bool natd_hash(const IkeMsg *m, size_t len, const uint8_t *addr, size_t alen, uint16_t port,
		      uint8_t *out)
{
	static const char *const names[5] = {"MD5", "SHA1", "SHA2-256", "SHA2-384", "SHA2-512"};
	int which;
	switch (len) {
	case 16: which = m->major == 1 ? 0 : -1; break;
	case 20: which = 1; break;
	case 32: which = m->major == 1 ? 2 : -1; break;
	case 48: which = m->major == 1 ? 3 : -1; break;
	case 64: which = m->major == 1 ? 4 : -1; break;
	default: which = -1; break;
	}
	if (which < 0)
		return false;
	uint8_t in[8 + 8 + 16 + 2];
	memcpy(in, m->ispi, 8);
	memcpy(in + 8, m->rspi, 8);
	memcpy(in + 16, addr, alen);
	in[16 + alen] = (uint8_t)(port >> 8);
	in[17 + alen] = (uint8_t)port;
	unsigned outlen = 0;
	IkeState *st = m->pkt->ctx ? m->pkt->ctx->ike : NULL;
	if (!st) {
		EVP_MD *md = EVP_MD_fetch(NULL, names[which], NULL);
		bool ok = md && EVP_Digest(in, 18 + alen, out, &outlen, md, NULL) == 1 && outlen == len;
		EVP_MD_free(md);
		return ok;
	}
	if (!st->natd_md[which])
		st->natd_md[which] = EVP_MD_fetch(NULL, names[which], NULL);
	if (!st->natd_ctx)
		st->natd_ctx = EVP_MD_CTX_new();
	if (!st->natd_md[which] || !st->natd_ctx)
		return false;
	return EVP_DigestInit_ex(st->natd_ctx, st->natd_md[which], NULL) == 1 &&
	       EVP_DigestUpdate(st->natd_ctx, in, 18 + alen) == 1 &&
	       EVP_DigestFinal_ex(st->natd_ctx, out, &outlen) == 1 && outlen == len;
}

static void natd_check(IkeMsg *m, const Cursor *c, TreeNode *top)
{
	Packet *pkt = m->pkt;
	const IpSummary *ip = &pkt->sum.ip;
	if (!m->sum || m->n_natd == 0 || (ip->af != 4 && ip->af != 6) || (ip->sport == 0 && ip->dport == 0))
		return;
	size_t alen = ip->af == 6 ? 16 : 4;
	bool any_src = false, src_ok = false, dst_bad = false, checked = false;
	char sa[64] = "", da[64] = ""; /* formatted for the tree only */
	for (unsigned i = 0; i < m->n_natd; i++) {
		uint8_t h[IKE_MAX_HASH];
		bool dst = m->natd[i].is_dst;
		if (!natd_hash(m, m->natd[i].len, dst ? ip->dst : ip->src, alen, dst ? ip->dport : ip->sport, h))
			continue;
		checked = true;
		bool ok = memcmp(h, m->natd[i].h, m->natd[i].len) == 0;
		if (dst && !ok)
			dst_bad = true;
		if (!dst) {
			any_src = true;
			src_ok |= ok;
		}
		if (m->natd[i].node) {
			char txt[160];
			if (!sa[0]) {
				fmt_ip_addr(ip->af, ip->src, sa, sizeof(sa));
				fmt_ip_addr(ip->af, ip->dst, da, sizeof(da));
			}
			snprintf(txt, sizeof(txt), "%s (%s%s%s:%u)",
				 ok ? (dst ? "hash matches the destination address and port"
					   : "hash matches the source address and port")
				    : (dst ? "hash does not match the destination address and port"
					   : "hash does not match the source address and port"),
				 ip->af == 6 ? "[" : "", dst ? da : sa, ip->af == 6 ? "]" : "",
				 dst ? ip->dport : ip->sport);
			TreeNode *n = tree_add_string(m->natd[i].node, IKF(F_NAT_STATUS), c, 0, 0, txt);
			if (n)
				n->flags |= NODE_GENERATED;
		}
	}
	if (!checked)
		return;
	PacketSummary *s = &pkt->sum;
	s->ike.natd |= IKE_NATD_CHECKED;
	if (dst_bad)
		s->ike.natd |= IKE_NATD_DST_NAT;
	if (any_src && !src_ok)
		s->ike.natd |= IKE_NATD_SRC_NAT;
	if (dst_bad || (any_src && !src_ok)) {
		const char *who = dst_bad && any_src && !src_ok ? "both sides are behind NAT"
				  : dst_bad		      ? "the receiver is behind NAT"
							      : "the sender is behind NAT";
		TreeNode *n = tree_add_string(top, IKF(F_NAT_STATUS), c, 0, 0, who);
		if (n)
			n->flags |= NODE_GENERATED;
		pkt_eventf(pkt, EV_IKE_NAT_DETECTED, c, NULL, "NAT detected: %s", who);
	} else {
		TreeNode *n = tree_add_string(top, IKF(F_NAT_STATUS), c, 0, 0, "no NAT between the peer and this capture point");
		if (n)
			n->flags |= NODE_GENERATED;
	}
}

/* ---- the message ---------------------------------------------------- */

static void header_flags(TreeNode *t, const Cursor *c, size_t at, uint8_t major, uint8_t flags)
{
	TreeNode *fl = tree_add_uint(t, IKF(F_FLAGS), c, at, 1, flags);
	if (!fl)
		return;
	struct {
		unsigned f;
		uint8_t bit;
		const char *on, *off;
	} const v1[] = {
		{ F_FLAG_E, 0x01, "Encrypted", "Not encrypted" },
		{ F_FLAG_C, 0x02, "Commit", "No commit" },
		{ F_FLAG_A, 0x04, "Authentication", "No authentication" },
	}, v2[] = {
		{ F_FLAG_I, 0x08, "Initiator", "Responder" },
		{ F_FLAG_V, 0x10, "Higher version", "No higher version" },
		{ F_FLAG_R, 0x20, "Response", "Request" },
	};
	const __typeof__(v1[0]) *b = major == 2 ? v2 : v1;
	if (major == 2)
		tree_set_text(fl, "0x%02x (%s, %s, %s)", flags, flags & 0x08 ? "Initiator" : "Responder",
			      flags & 0x10 ? "Higher version" : "No higher version",
			      flags & 0x20 ? "Response" : "Request");
	for (unsigned i = 0; i < 3; i++) {
		TreeNode *n = tree_add_uint(fl, IKF(b[i].f), c, at, 1, flags);
		tree_set_text(n, "%s", (flags & b[i].bit) ? b[i].on : b[i].off);
	}
}

static void info_column(IkeMsg *m)
{
	if (m->major == 2) {
		const char *x = vs_lookup(ikev2_exchange_vals, m->exch);
		if (x)
			pkt_info(m->pkt, "%s MID=%02u %s %s", x, m->msgid, m->flags & 0x08 ? "Initiator" : "Responder",
				 m->flags & 0x20 ? "Response" : "Request");
		else
			pkt_info(m->pkt, "Unknown %u MID=%02u %s %s", m->exch, m->msgid,
				 m->flags & 0x08 ? "Initiator" : "Responder", m->flags & 0x20 ? "Response" : "Request");
	} else {
		const char *x = vs_lookup(ikev1_exchange_vals, m->exch);
		if (x)
			pkt_info(m->pkt, "%s", x);
		else
			pkt_info(m->pkt, "Unknown %u", m->exch);
	}
}

void ike_dissect_message(Packet *pkt, Cursor *c, TreeNode *root, bool fill_sum, bool reassembled)
{
	const Cursor start = *c;
	size_t at = cur_off(c);
	size_t avail = cur_left(c);
	IkeMsg *m = g_new0(IkeMsg, 1);
	m->pkt = pkt;
	m->sum = fill_sum && !pkt->in_error;
	bool outer = !reassembled; /* not put together from IKE fragments */

	TreeNode *t = avail ? tree_add_at(root, IKF(F_ISAKMP), c, at, cur_wire_left(c)) : NULL;
	pkt_set_proto(pkt, "ISAKMP");
	cur_copy(c, m->ispi, 8);
	cur_copy(c, m->rspi, 8);
	uint8_t np = cur_u8(c);
	uint8_t ver = cur_u8(c);
	m->exch = cur_u8(c);
	m->flags = cur_u8(c);
	m->msgid = cur_be32(c);
	m->length = cur_be32(c);
	m->major = ver >> 4;
	m->minor = ver & 0x0f;
	size_t got = cur_failed(c) ? avail : 28;

	if (m->sum) {
		PacketSummary *s = &pkt->sum;
		if (!(s->layers & LAYER_IKE))
			memset(&s->ike, 0, sizeof(s->ike));
		s->layers |= LAYER_IKE;
		if (got >= 18)
			s->ike.version = m->major, s->ike.minor = m->minor;
		memcpy(s->ike.ispi, m->ispi, 8);
		memcpy(s->ike.rspi, m->rspi, 8);
		s->ike.exch = m->exch;
		s->ike.flags = m->flags;
		s->ike.msgid = m->msgid;
		s->ike.length = m->length;
		if (m->major == 2) {
			s->ike.initiator = (m->flags & 0x08) != 0;
			s->ike.response = (m->flags & 0x20) != 0;
		} else {
			s->ike.encrypted = (m->flags & 0x01) != 0;
		}
	}

	/* the fields that were captured, in order */
	if (got >= 8)
		tree_add_bytes(t, IKF(F_ISPI), c, at, 8);
	if (got >= 16)
		tree_add_bytes(t, IKF(F_RSPI), c, at + 8, 8);
	if (got >= 17)
		ike_add_vs(t, F_NEXTPAYLOAD, c, at + 16, 1, np, m->major == 2 ? ikev2_payload_vals : ikev1_payload_vals);
	if (got >= 18) {
		TreeNode *vn = tree_add_uint(t, IKF(F_VERSION), c, at + 17, 1, ver);
		tree_set_text(vn, "%u.%u", m->major, m->minor);
		tree_set_text(tree_add_uint(vn, IKF(F_MJVER), c, at + 17, 1, ver), "0x%x", m->major);
		tree_set_text(tree_add_uint(vn, IKF(F_MNVER), c, at + 17, 1, ver), "0x%x", m->minor);
	}
	if (got >= 19 && (m->major == 1 || m->major == 2))
		ike_add_vs(t, F_EXCHANGETYPE, c, at + 18, 1, m->exch,
			   m->major == 2 ? ikev2_exchange_vals : ikev1_exchange_vals);
	if (got >= 20)
		header_flags(t, c, at + 19, m->major, m->flags);
	if (got >= 24)
		tree_add_uint(t, IKF(F_MESSAGEID), c, at + 20, 4, m->msgid);
	/* a length past the datagram is not believed: the header only */
	bool bogus = m->length < 28 || m->length - 28u > cur_wire_left(c);
	if (got >= 28) {
		TreeNode *ln = tree_add_uint(t, IKF(F_LENGTH), c, at + 24, 4, m->length);
		if (bogus)
			tree_set_text(ln, "(bogus, length is %u, which is too large)", m->length);
	}
	if (outer)
		info_column(m);
	if (pkt_cursor_error(pkt, c, t, "isakmp"))
		goto out;

	if (m->major != 1 && m->major != 2) {
		pkt_event(pkt, EV_IKE_BAD_VERSION, c, t);
		goto out;
	}

	if (bogus) {
		pkt_event(pkt, EV_IKE_BAD_LENGTH, c, t);
		Cursor bad = *c;
		bad.err |= CUR_MALFORMED;
		pkt_cursor_error(pkt, &bad, t, "isakmp");
		goto out;
	}
	/* the message: the header's length (trailing bytes of the datagram
	 * are not part of it) */
	size_t body = m->length - 28u;
	Cursor msg = cur_sub(c, body);
	if (body == cur_left(&msg)) {
		Cursor whole = start;
		m->raw = cur_bytes(&whole, 28 + body);
		m->raw_len = m->raw ? 28 + body : 0;
	}

	/* retransmissions: the same bytes again, same addresses and ports */
	if (m->sum && outer && body == cur_left(&msg)) {
		Cursor whole = start;
		const uint8_t *p = cur_bytes(&whole, 28 + body);
		uint64_t first = p ? retrans_check(pkt, p, 28 + body) : 0;
		if (first) {
			pkt->sum.ike.retransmission_of = first;
			TreeNode *rn = tree_add_uint(t, IKF(F_RETRANSMISSION), &start, cur_off(&start), 0, first);
			if (rn)
				rn->flags |= NODE_GENERATED;
			pkt_event(pkt, EV_IKE_RETRANSMISSION, &start, NULL);
		}
	}

	if (m->major == 1 && (m->flags & 0x01)) {
		/* IKEv1 E flag: everything after the header is encrypted */
		size_t n = cur_wire_left(&msg);
		TreeNode *e = tree_add(t, IKF(F_ENC_DATA), &msg, n);
		tree_set_text(e, "Encrypted Data (%zu bytes)", n);
		Cursor enc = msg;
		cur_skip(&msg, cur_left(&msg));
		if (cur_wire_left(&msg))
			msg.err |= CUR_TRUNCATED;
		else
			ike_dec_v1(m, &enc, np, t);
	} else if (m->major == 1) {
		ikev1_walk(m, &msg, np, t);
	} else {
		ikev2_walk(m, &msg, np, t);
	}
	natd_check(m, &start, t);
	if (pkt->sum.ike.retransmission_of && m->sum && outer)
		pkt_info_append(pkt, " [Retransmission of frame %" PRIu64 "]", pkt->sum.ike.retransmission_of);
	pkt_cursor_error(pkt, &msg, t, "isakmp");
out:
	g_free(m);
}

/* ---- entry points --------------------------------------------------- */

static bool isakmp_dissect(Packet *pkt, Cursor *c, TreeNode *root)
{
	/* shorter than a header, or a header whose length is shorter than
	 * itself: not ISAKMP (Wireshark leaves it to "data" too) */
	if (cur_wire_left(c) < 28)
		return false;
	if (cur_left(c) >= 28) {
		Cursor peek = *c;
		cur_skip(&peek, 24);
		if (cur_be32(&peek) < 28)
			return false;
	} else {
		/* the header itself was cut by the capture */
		pkt_set_proto(pkt, "ISAKMP");
		Cursor cut = *c;
		cur_skip(&cut, cur_left(&cut) + 1);
		pkt_cursor_error(pkt, &cut, root, "isakmp");
		return true;
	}
	ike_dissect_message(pkt, c, root, true, false);
	return true;
}

/*
 * IKE on a port nobody bound (a NAT-T server on a non-standard port, a
 * capture filtered oddly): the 28-byte header must hold together - a
 * non-zero initiator SPI, version 1.0 or 2.0, a known exchange type and
 * first payload, and a length equal to the UDP payload's.
 */
bool isakmp_heuristic(const Cursor *c)
{
	if (!cur_has(c, 28))
		return false;
	const uint8_t *h = cur_ptr(c);
	bool spi = false;
	for (int i = 0; i < 8; i++)
		spi |= h[i] != 0;
	uint8_t np = h[16], ver = h[17], exch = h[18];
	uint32_t len = (uint32_t)h[24] << 24 | (uint32_t)h[25] << 16 | (uint32_t)h[26] << 8 | h[27];
	bool v1 = ver == 0x10 && (exch == 2 || exch == 4 || exch == 5 || exch == 6 || exch == 32) &&
		  ((np >= 1 && np <= 20) || (np >= 130 && np <= 132));
	bool v2 = ver == 0x20 && exch >= 34 && exch <= 37 && (np == 0 || (np >= 33 && np <= 53));
	return spi && (v1 || v2) && len == cur_wire_left(c);
}

const Dissector isakmp_dissector = { "isakmp", "ISAKMP", isakmp_dissect };

bool ike_payload_body(IkeMsg *m, Cursor *c, TreeNode *pl, uint16_t len, Cursor *body)
{
	if (len < 4) {
		pkt_event(m->pkt, EV_IKE_PAYLOAD_BAD_LENGTH, c, pl);
		return false;
	}
	if (len - 4u > cur_wire_left(c)) {
		/* longer than what contains it: nothing in it is believed */
		pkt_event(m->pkt, EV_IKE_PAYLOAD_BAD_LENGTH, c, pl);
		c->err |= CUR_MALFORMED;
		return false;
	}
	*body = cur_sub(c, len - 4u);
	return true;
}

void ike_add_rest_bytes(TreeNode *pl, unsigned f, Cursor *body)
{
	size_t at = cur_off(body);
	size_t n = cur_left(body);
	cur_skip(body, n);
	tree_add_bytes(pl, IKF(f), body, at, n);
	if (cur_wire_left(body))
		body->err |= CUR_TRUNCATED;
}
