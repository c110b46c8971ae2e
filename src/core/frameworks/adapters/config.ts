/**
 * Config files (see ../configFiles.ts): PyYAML's loaders, `json.load`, OmegaConf, Hydra's
 * `@hydra.main` and `instantiate`, torchtune's `config.instantiate` and `@config.parse`. torchtune's
 * `get_cosine_schedule_with_warmup` is transformers' (the same LambdaLR formula, term for term:
 * torchtune/training/lr_schedulers.py), so it is read as that kind.
 */
import type { Adapter, AnalysisContext } from '../adapter';
import { ownMessage } from '../../l10n/translate';
import { Assumed, PyBuiltin, PyDict, PyFunction, PyList, type Value } from '../../python/values';
import { attrCopy, hydraCompose, pathOf, hydraConfig, instantiate, jsonLoad, mergeInto, omegaconfCreate, omegaconfLoad, resolveInterpolations, withConfigParam, yamlLoad } from '../configFiles';

const unwrap = (v: Value | undefined): Value | undefined => (v instanceof Assumed ? v.value : v);

/** `@config.parse` (torchtune): the config comes from the command line; said once, at the decorator. */
function torchtuneParse(cx: AnalysisContext): Value {
  return new PyBuiltin('torchtune.config.parse', (a) => {
    const m = /@\s*(?:torchtune\.)?config\.parse\b/.exec(cx.src);
    if (m)
      cx.diagnostic(
        'info',
        ownMessage("torchtune's `@config.parse` reads the config named on the command line (`--config`): LR Lens cannot know which file, so the values of `cfg` are unknown"),
        m.index,
        m.index + m[0].length,
      );
    return a[0] ?? null;
  });
}

/** The config folder `hydra.initialize(config_path=…)` set for `compose(…)` (adapter state key). */
const COMPOSE = {};

export const configAdapter: Adapter = {
  name: 'config',
  triggers: ['\\binstantiate\\s*\\(', 'hydra\\.main'],
  aliases: [
    [/^hydra\.(initialize|compose)\.(initialize|initialize_config_dir|compose)$/, 'hydra.$2'],
    [/^omegaconf\.omegaconf\./, 'omegaconf.'],
    [/^torchtune\.config\._(instantiate|parse)\./, 'torchtune.config.'],
    [/^torchtune\.(training\.lr_schedulers|training|modules)\.get_cosine_schedule_with_warmup$/, 'transformers.get_cosine_schedule_with_warmup'],
  ],
  // `self.hparams.scheduler(optimizer=optimizer)` (lightning-hydra-template's LightningModule): a
  // scheduler from a Hydra `_partial_` node built in another file. Said; nothing is guessed.
  opaqueCall: (fn, _args, kwargs, site, cx) => {
    if (/sched/i.test(fn.text) && (kwargs.has('optimizer') || /optim/i.test(site.argTexts[0] ?? '')))
      cx.diagnostic(
        'info',
        ownMessage('`{0}` builds a scheduler LR Lens cannot see in this file (a Hydra `_partial_` node or a factory handed in from elsewhere): its schedule is not shown', site.text.length > 80 ? site.text.slice(0, 77) + '…' : site.text),
        site.start,
        site.end,
      );
    return undefined;
  },
  libAttr: (path, name, _I, cx) => (path === 'torchtune.config' && name === 'parse' ? torchtuneParse(cx) : undefined),
  callLib: ({ path, args, kwargs, site }, cx) => {
    switch (path) {
      case 'pathlib.Path':
      case 'pathlib.PurePath':
      case 'pathlib.PosixPath':
        return pathOf(cx, args);
      case 'yaml.safe_load':
      case 'yaml.load':
      case 'yaml.full_load':
      case 'yaml.unsafe_load':
        return yamlLoad(cx, path, args, kwargs, site);
      case 'json.load':
        return jsonLoad(cx, path, args, kwargs, site, false);
      case 'json.loads':
        return jsonLoad(cx, path, args, kwargs, site, true);
      case 'omegaconf.OmegaConf.load':
        return omegaconfLoad(cx, args, kwargs, site);
      case 'omegaconf.OmegaConf.create':
        return omegaconfCreate(cx, args, site);
      case 'omegaconf.OmegaConf.merge': {
        const out = new PyDict();
        out.attributes = true;
        for (const a of args) {
          const c = unwrap(a);
          if (c instanceof PyDict) mergeInto(out, attrCopy(c, '<merge>') as PyDict);
          else return undefined;
        }
        resolveInterpolations(out, '<merge>', cx);
        return out;
      }
      case 'omegaconf.OmegaConf.to_container':
      case 'omegaconf.OmegaConf.to_object': {
        const c = unwrap(args[0]);
        return c instanceof PyDict || c instanceof PyList ? attrCopy(c, '<container>', false) : undefined;
      }
      case 'omegaconf.OmegaConf.resolve':
        return null;
      case 'hydra.main': {
        const cfg = hydraConfig(cx, args, kwargs, site);
        return new PyBuiltin('hydra.main', (a) => (a[0] instanceof PyFunction ? withConfigParam(a[0], cfg) : (a[0] ?? null)));
      }
      case 'hydra.initialize':
      case 'hydra.initialize_config_dir': {
        const dir = unwrap(kwargs.get(path === 'hydra.initialize' ? 'config_path' : 'config_dir') ?? args[0]);
        cx.state(COMPOSE, () => ({ configPath: null as string | null })).configPath = typeof dir === 'string' ? dir : null;
        return null;
      }
      case 'hydra.compose':
        return hydraCompose(cx, cx.state(COMPOSE, () => ({ configPath: null as string | null })).configPath, args, kwargs, site);
      case 'hydra.utils.instantiate':
      case 'hydra.utils.call':
        return instantiate(cx, path, 'hydra', args, kwargs, site);
      case 'torchtune.config.instantiate':
        return instantiate(cx, 'config.instantiate', 'torchtune', args, kwargs, site);
      default:
        return undefined;
    }
  },
};
