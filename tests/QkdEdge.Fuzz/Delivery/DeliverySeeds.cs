using static QkdEdge.Fuzz.Delivery.DeliveryRequestTarget;

namespace QkdEdge.Fuzz.Delivery;

/// <summary>Seeds: requests an SAE library sends, following the examples of ETSI GS QKD 014 clause 6.</summary>
public static class DeliverySeeds
{
    // Indices into the target's caller and path tables.
    private const int NoCertificate = 0, Master1 = 1, Slave1 = 2;
    private const int ToSlave1 = 0, FromMaster1 = 1;

    public static IEnumerable<FuzzSeed> All()
    {
        string id = DeliveryFixture.KeyIdFor(DeliveryFixture.Links[0], 0, 32);
        string next = DeliveryFixture.KeyIdFor(DeliveryFixture.Links[0], 32, 32);
        yield return new("valid-status", Input(Call.Status, Master1, ToSlave1, ""));
        yield return new("valid-enc-keys-default", Input(Call.PostEncKeys, Master1, ToSlave1, ""));
        yield return new("valid-enc-keys-body", Input(Call.PostEncKeys, Master1, ToSlave1, """{"number":2,"size":512}"""));
        yield return new("valid-enc-keys-query", Input(Call.GetEncKeys, Master1, ToSlave1, "number=3&size=1024"));
        yield return new("valid-dec-keys-body", Input(Call.PostDecKeys, Slave1, FromMaster1, $$"""{"key_IDs":[{"key_ID":"{{id}}"},{"key_ID":"{{next}}"}]}"""));
        yield return new("valid-dec-keys-query", Input(Call.GetDecKeys, Slave1, FromMaster1, $"key_ID={id}"));
        yield return new("enc-keys-extensions", Input(Call.PostEncKeys, Master1, ToSlave1,
            """{"number":1,"size":256,"extension_mandatory":[{"abc_route_type":"direct"}],"extension_optional":[{"abc_transfer_method":"qkd"}]}"""));
        yield return new("enc-keys-additional-slaves", Input(Call.PostEncKeys, Master1, ToSlave1, """{"additional_slave_SAE_IDs":["sae-s2"]}"""));
        yield return new("dec-keys-no-certificate", Input(Call.PostDecKeys, NoCertificate, FromMaster1, $$"""{"key_IDs":[{"key_ID":"{{id}}"}]}"""));
    }
}
