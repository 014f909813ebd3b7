/*
 * ike_tables.h - IANA registries and other value tables of IKEv1 (ISAKMP,
 * RFC 2407/2408/2409 and extensions) and IKEv2 (RFC 7296 and extensions),
 * and the vendor-ID table.  Every table is sorted by value with unique
 * values (a unit test walks ike_value_tables[] to check it).
 */
#ifndef IKS_IKE_TABLES_H
#define IKS_IKE_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "field.h"

/* exchanges, payloads, notifies */
extern const ValueString ikev1_exchange_vals[], ikev2_exchange_vals[];
extern const ValueString ikev1_payload_vals[], ikev2_payload_vals[];
extern const ValueString ikev1_notify_vals[], ikev2_notify_vals[];
extern const ValueString ikev1_protoid_vals[], ikev2_protoid_vals[];
extern const ValueString ike_sa_doi_vals[];
/* IKEv1 transforms and attributes */
extern const ValueString ikev1_trans_isakmp_vals[], ikev1_trans_ah_vals[], ikev1_trans_esp_vals[],
	ikev1_trans_ipcomp_vals[];
extern const ValueString ikev1_attr_type_vals[], ipsec_attr_type_vals[];
extern const ValueString ike_ike_attr_encryption_algorithm_vals[], ike_ike_attr_hash_algorithm_vals[],
	ike_ike_attr_authentication_method_vals[], ike_ike_attr_group_description_vals[],
	ike_ike_attr_group_type_vals[], ike_ike_attr_life_type_vals[];
extern const ValueString ike_ipsec_attr_life_type_vals[], ike_ipsec_attr_encap_mode_vals[],
	ike_ipsec_attr_auth_algorithm_vals[], ike_ipsec_attr_ext_seq_nbr_vals[];
/* IKEv2 transforms */
extern const ValueString ikev2_transform_type_vals[], ikev2_attr_type_vals[];
extern const ValueString ike_tf_id_encr_vals[], ike_tf_id_prf_vals[], ike_tf_id_integ_vals[], ike_tf_id_dh_vals[],
	ike_tf_id_esn_vals[];
/* identities, certificates, authentication, selectors, config */
extern const ValueString ikev1_id_type_vals[], ikev2_id_type_vals[];
extern const ValueString ike_cert_encoding_vals[], ikev2_auth_method_vals[], ikev2_ts_type_vals[];
extern const ValueString ikev1_cfg_type_vals[], ikev2_cfg_type_vals[], ike_cfg_attr_type_vals[];
extern const ValueString ike_cfg_attr_xauth_status_vals[], ike_frag_last_vals[];
extern const ValueString ike_vid_ms_nt5_isakmpoakley_vals[], ike_windows_version_vals[];
extern const ValueString ikev2_hash_algorithm_vals[];

/* Vendor-ID flags (PacketSummary.ike.vendor). */
enum {
	IKE_VID_MS_NT5 = 1u << 0,       /* MS NT5 ISAKMPOAKLEY: a Windows peer */
	IKE_VID_NATT_RFC = 1u << 1,     /* RFC 3947 */
	IKE_VID_NATT_DRAFT = 1u << 2,   /* any draft-ietf-ipsec-nat-t-ike / stenberg / huttunen */
	IKE_VID_DPD = 1u << 3,          /* RFC 3706 */
	IKE_VID_XAUTH = 1u << 4,
	IKE_VID_FRAG = 1u << 5,         /* IKE fragmentation (Cisco/strongSwan/Microsoft) */
	IKE_VID_UNITY = 1u << 6,        /* Cisco Unity */
	IKE_VID_STRONGSWAN = 1u << 7,
	IKE_VID_LIBRESWAN = 1u << 8,    /* Libreswan / Openswan ("OE" prefix) */
	IKE_VID_MS_NDC = 1u << 9,       /* MS-Negotiation Discovery Capable */
	IKE_VID_MS_INITIAL_CONTACT = 1u << 10,
	IKE_VID_CGA = 1u << 11,         /* IKE CGA version 1 */
	IKE_VID_MS_MAMIE = 1u << 12,    /* MS-MamieExists */
	IKE_VID_HEARTBEAT = 1u << 13,
	IKE_VID_UNKNOWN = 1u << 15,     /* at least one vendor ID not in the table */
};

typedef struct {
	const uint8_t *id; /* the vendor ID, or its prefix */
	uint8_t len;
	bool prefix;       /* matches any vendor ID that starts with id */
	const char *name;  /* Wireshark's name where it has one */
	uint32_t flag;     /* IKE_VID_* */
} IkeVendor;

extern const IkeVendor ike_vendor_table[];
extern const size_t ike_vendor_count;
/* The table entry a vendor ID matches, or NULL. */
const IkeVendor *ike_vendor_lookup(const uint8_t *p, size_t n);

/* Every value table above with its name, for the unit test. */
typedef struct {
	const char *name;
	const ValueString *vs;
} IkeValueTable;
extern const IkeValueTable ike_value_tables[];
extern const size_t ike_value_table_count;

#endif
