/*
 * protos.h - every dissector and field table, for the registry (registry.c)
 * and the field index (fields.c).  Adding a protocol: write its file,
 * declare its Dissector(s) and FieldTable here, bind it in registry.c and
 * list its table in fields.c.
 */
#ifndef IKS_PROTOS_H
#define IKS_PROTOS_H

#include "dissect.h"

/* link.c */
extern const Dissector eth_dissector, vlan_dissector, ieee8021ad_dissector, sll_dissector, sll2_dissector, raw_dissector,
	null_dissector, loop_dissector, ppp_dissector, ppp_dir_dissector, pppoed_dissector, pppoes_dissector,
	ppp_ether_dissector, chdlc_dissector, cmd_dissector;
extern const FieldTable link_field_table;
extern const ValueString ppp_protocol_vals[];
void ppp_dissect_payload(Packet *pkt, Cursor *c, TreeNode *root);

/* frame.c */
extern const FieldTable frame_field_table;

/* ip.c */
extern const Dissector ipv4_dissector, ipv6_dissector;
extern const FieldTable ip_field_table, ipv6_field_table;
extern const ValueString ip_proto_vals[];

/* udp.c, tcp.c */
extern const Dissector udp_dissector, tcp_dissector;
extern const FieldTable udp_field_table, tcp_field_table;

/* icmp.c */
extern const Dissector icmp_dissector, icmpv6_dissector;
extern const FieldTable icmp_field_table, icmpv6_field_table;

/* dns.c */
extern const Dissector dns_dissector, dns_tcp_dissector;
extern const FieldTable dns_field_table;

/* tunnel.c: GRE, ESP/AH/IPComp headers, NAT-T demux */
extern const Dissector gre_dissector, esp_dissector, ah_dissector, ipcomp_dissector;
extern const FieldTable gre_field_table, esp_field_table, ah_field_table, ipcomp_field_table;

/* natt.c: UDP 4500 demultiplexing (RFC 3948) */
extern const Dissector natt_dissector;
extern const FieldTable udpencap_field_table;

/* ppp.c: LCP, PAP, CHAP/MS-CHAP, EAP, IPCP, IPV6CP, CCP (issue 6) */
extern const Dissector lcp_dissector, pap_dissector, chap_dissector, eap_dissector, ipcp_dissector,
	ipv6cp_dissector, ccp_dissector, comp_data_dissector;
extern const FieldTable ppp_field_table;
extern const ValueString mschap_error_vals[];
/* LCP options outside LCP (L2TP proxy LCP AVPs); the summary is untouched */
void ppp_lcp_options(Packet *pkt, Cursor *c, TreeNode *parent);
/* tshark's display form of a byte string into out (NUL-terminated) */
size_t ppp_format_text(const uint8_t *s, size_t n, bool stop_nul, char *out, size_t size);

/* l2tp.c: L2TPv2 on UDP 1701, L2TPv3 over UDP and IP 115 (issue 6) */
extern const Dissector l2tp_dissector, l2tpv3_ip_dissector;
extern const FieldTable l2tp_field_table;
void l2tp_state_free(L2tpState *s);

/* pptp.c: PPTP control on TCP 1723 (issue 6) */
extern const Dissector pptp_dissector;
extern const FieldTable pptp_field_table;
void pptp_state_free(PptpState *s);
/* ike.c: IKEv1/IKEv2 (ISAKMP), UDP 500 and after the non-ESP marker */
extern const Dissector isakmp_dissector;
/* True when the bytes look like an IKE header (for ports nobody bound). */
bool isakmp_heuristic(const Cursor *c);
extern const FieldTable isakmp_field_table;

#endif
