/// Everything Hookline keeps, as one value: the composition of its roles.
///
/// Each part of Hookline asks for the role it uses (`TenantStore`, `HookStore`, `HookSettingsStore`, `DeliveryQueue`,
/// `DeliveryLog`, `QueueStatusReading`, `DashboardReading`, `RetentionStore`, `InboundSourceStore`); `hookline serve` opens
/// one storage that plays them all. There is one implementation per database (SQLite embedded,
/// PostgreSQL for several nodes); both pass the same test suite.
public protocol HooklineStorage: TenantStore, HookStore, HookSettingsStore, DeliveryQueue, DeliveryLog, QueueStatusReading, DashboardReading,
    RetentionStore, InboundSourceStore {}
