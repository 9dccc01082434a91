// A Serverless plugin (serverless.yml `plugins`): `sls package` works without an AWS account, as it does for a
// service without layers. For each layer, the framework asks CloudFormation whether the deployed stack already has
// the same layer, so as not to upload it again; with no credentials or no network that question fails and takes the
// whole package down (the template test and `npm run bench` package offline). Under `sls package` only, a failed
// question is answered "not deployed yet": the layer is packaged as new. `sls deploy` asks as before.
'use strict';

class OfflinePackaging {
  constructor(serverless) {
    this.hooks = {
      initialize: () => {
        if (serverless.processedInput?.commands?.[0] !== 'package') return;
        const layers = serverless.pluginManager.plugins.find((plugin) => typeof plugin.compareWithLastLayer === 'function');
        if (!layers) return;
        const compare = layers.compareWithLastLayer.bind(layers);
        layers.compareWithLastLayer = async (layerName) => {
          try {
            return await compare(layerName);
          } catch (error) {
            serverless.cli?.log?.(`Layer ${layerName}: not compared with a deployed stack (${error.message.split('\n')[0]}); packaged as new.`);
            return undefined;
          }
        };
      },
    };
  }
}

module.exports = OfflinePackaging;
