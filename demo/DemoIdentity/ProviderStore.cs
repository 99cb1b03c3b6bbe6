// OpenIddict's store (the client application, authorization codes and their redemption) in an in-memory database, one per
// run: a code is single-use only because its redemption is recorded here.
using Microsoft.EntityFrameworkCore;

namespace MotCua.DemoIdentity;

internal sealed class ProviderStore(DbContextOptions<ProviderStore> options) : DbContext(options);
