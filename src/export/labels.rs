//! Words for the model's enumerations, as the ADR and runbook write them.

use crate::model::{
    Authn, Classification, ContractStyle, Negotiation, SyncDirection, SyncStrategy, Tls,
    TriageStatus,
};

/// Transport encryption in words ("TLS 1.3", "no TLS").
pub fn tls(t: Tls) -> &'static str {
    match t {
        Tls::None => "no TLS",
        Tls::Tls12 => "TLS 1.2",
        Tls::Tls13 => "TLS 1.3",
        Tls::Mutual => "mutual TLS",
    }
}

/// Authentication in words ("token", "no authentication").
pub fn authn(a: &Authn) -> String {
    match a {
        Authn::None => "no authentication".into(),
        Authn::Session => "session authentication".into(),
        Authn::Token => "token authentication".into(),
        Authn::ApiKey => "API key".into(),
        Authn::Mtls => "mTLS client certificates".into(),
        Authn::Custom(name) => format!("{name} authentication"),
    }
}

/// A data classification in lowercase.
pub fn classification(c: Classification) -> &'static str {
    match c {
        Classification::Public => "public",
        Classification::Internal => "internal",
        Classification::Confidential => "confidential",
        Classification::Secret => "secret",
    }
}

/// A contract style as people write it.
pub fn style(s: ContractStyle) -> &'static str {
    match s {
        ContractStyle::Rest => "REST",
        ContractStyle::Grpc => "gRPC",
        ContractStyle::GraphQl => "GraphQL",
        ContractStyle::Events => "events",
        ContractStyle::P2p => "peer-to-peer protocol",
    }
}

/// A version-negotiation strategy in words.
pub fn negotiation(n: Negotiation) -> &'static str {
    match n {
        Negotiation::FeatureFlags => "feature flags",
        Negotiation::AcceptHeader => "content negotiation with the Accept header",
        Negotiation::VersionedPath => "versioned paths",
        Negotiation::CapabilityHandshake => "a capability handshake",
    }
}

/// A sync strategy in words.
pub fn sync_strategy(s: SyncStrategy) -> &'static str {
    match s {
        SyncStrategy::Crdt => "CRDTs",
        SyncStrategy::LastWriteWins => "last write wins",
        SyncStrategy::OperationalTransform => "operational transform",
        SyncStrategy::ManualMerge => "manual merge",
        SyncStrategy::Unspecified => "no strategy chosen yet",
    }
}

/// A sync direction in words.
pub fn sync_direction(d: SyncDirection) -> &'static str {
    match d {
        SyncDirection::Push => "pushes changes",
        SyncDirection::Pull => "pulls changes",
        SyncDirection::Both => "syncs both ways",
    }
}

/// A triage verdict in words.
pub fn triage(t: TriageStatus) -> &'static str {
    match t {
        TriageStatus::Accepted => "accepted",
        TriageStatus::Mitigated => "mitigated",
        TriageStatus::FalsePositive => "false positive",
        TriageStatus::InProgress => "in progress",
    }
}
